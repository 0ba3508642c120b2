import { AmiFields } from '../ami/ami-wire';
import { SimClock } from '../clock/sim-clock';
import { SipRegistrarPort } from '../sip/sip-registrar.port';
import { SimChannel } from './channel';
import { ChannelTable } from './channel-table';
import { DeviceStates } from './device-states';
import {
  EndpointChangeOrder,
  EndpointFaultMode,
  EndpointObserver,
  EndpointRegistry,
  RegisterOptions,
  SimContact,
} from './endpoint-registry';
import { ExternalNumbers } from './external-numbers';
import { OriginateRequest, Originator } from './originator';
import { AgentPhoneBehaviour, PbxEventListener, PbxRuntime } from './pbx-runtime';
import { SimTopology } from './pbx-topology';
import { AddMemberOptions, QueueBook } from './queue-book';
import { QueueCalls } from './queue-calls';
import { slPerf, slPerf2 } from './queue-counters';
import { QueueCaller, SimMember, SimQueue } from './queue.types';
import { DirectCallResult, TrunkCalls } from './trunk-calls';

export { MEMBER_STATUS_NAMES } from './device-states';
export type { ContactStatusName, EndpointFaultMode, RegisterOptions, SimContact } from './endpoint-registry';
export { EXTERNAL_OUTCOMES, ExternalNumbers, isExternalOutcome } from './external-numbers';
export type { ExternalOutcome } from './external-numbers';
export type { DirectCallResult } from './trunk-calls';
export type { OriginateRequest } from './originator';
export { DEFAULT_PHONE_BEHAVIOUR } from './pbx-runtime';
export type { AgentPhoneBehaviour, PbxEventListener } from './pbx-runtime';
export { memberStateFields } from './queue-book';
export type { QueueCaller, SimMember, SimQueue } from './queue.types';

/** An external number through the trunk endpoint, as Dial and Originate name it. */
const TRUNK_CHANNEL = /^PJSIP\/([^@/]+)@trunk$/;

/**
 * The simulated Asterisk: one object for the AMI server, the scenarios and the tests, over the parts
 * that hold the state (registrations, queues, queue calls, originated calls, channels, devices).
 */
export class PbxModel implements EndpointObserver {
  private readonly rt: PbxRuntime;
  private readonly deviceStates: DeviceStates;
  private readonly channelTable: ChannelTable;
  private readonly endpoints: EndpointRegistry;
  private readonly book: QueueBook;
  private readonly calls: QueueCalls;
  private readonly originator: Originator;
  private readonly trunk: TrunkCalls;

  constructor(
    readonly topology: SimTopology,
    readonly clock: SimClock,
  ) {
    this.rt = new PbxRuntime(topology, clock);
    this.deviceStates = new DeviceStates(this.rt);
    this.channelTable = new ChannelTable(this.rt);
    this.endpoints = new EndpointRegistry(this.rt, this.deviceStates, this.channelTable, this);
    this.book = new QueueBook(this.rt, this.deviceStates);
    this.calls = new QueueCalls(this.rt, this.channelTable, this.deviceStates, this.book, this.endpoints);
    this.trunk = new TrunkCalls(
      this.rt,
      this.channelTable,
      this.book,
      this.endpoints,
      this.calls,
      new ExternalNumbers(),
    );
    this.originator = new Originator(
      this.rt,
      this.channelTable,
      this.deviceStates,
      this.book,
      this.endpoints,
      this.calls,
      this.trunk,
    );
    this.boot();
  }

  get queues(): Map<string, SimQueue> {
    return this.book.queues;
  }

  get contacts(): Map<string, SimContact> {
    return this.endpoints.contacts;
  }

  get channels(): Map<string, SimChannel> {
    return this.channelTable.channels;
  }

  get devices(): Map<string, string> {
    return this.deviceStates.states;
  }

  get callers(): Map<number, QueueCaller> {
    return this.calls.callers;
  }

  /** What each external number does when called (answer, busy, no answer, congestion). */
  get externalNumbers(): ExternalNumbers {
    return this.trunk.numbers;
  }

  get bootedAt(): number {
    return this.rt.bootedAt;
  }

  get phone(): AgentPhoneBehaviour {
    return this.rt.phone;
  }

  set phone(behaviour: AgentPhoneBehaviour) {
    this.rt.phone = behaviour;
  }

  get sipPort(): SipRegistrarPort | undefined {
    return this.rt.sipPort;
  }

  set sipPort(port: SipRegistrarPort | undefined) {
    this.rt.sipPort = port;
  }

  // ---------- plumbing ----------

  onEvent(listener: PbxEventListener): () => void {
    return this.rt.onEvent(listener);
  }

  emit(fields: AmiFields): void {
    this.rt.emit(fields);
  }

  nowSec(): number {
    return this.rt.nowSec();
  }

  uptimeSeconds(): number {
    return Math.max(0, Math.floor((this.clock.now() - this.rt.bootedAt) / 1000));
  }

  // The device cache is filled in Asterisk's order: pool agents, endpoints, then the queue pseudo-devices.
  private boot(): void {
    const loginTime = this.rt.nowSec();
    this.deviceStates.clear();
    for (const a of this.topology.poolAgents) this.devices.set(`Agent:${a.id}`, 'UNAVAILABLE');
    this.book.boot(loginTime);
    for (const e of this.topology.endpoints)
      this.devices.set(`PJSIP/${e.name}`, this.endpoints.endpointDeviceState(e.name));
    this.book.bootDevices();
  }

  /** Asterisk restart: channels vanish, counters reset, dynamic members and pauses are lost (persistentmembers=no). */
  restart(): void {
    this.rt.cancelTimers();
    this.calls.hangupSipLegs();
    this.originator.reset();
    this.trunk.reset();
    this.calls.clear();
    this.channels.clear();
    this.book.clear();
    this.rt.bootedAt = this.clock.now();
    this.rt.ids.restart();
    this.boot();
  }

  stop(): void {
    this.rt.cancelTimers();
  }

  // ---------- endpoints (PJSIP) ----------

  endpointChanged(endpoint: string, order: EndpointChangeOrder): void {
    this.calls.followEndpoint(endpoint, order);
  }

  endpointLost(endpoint: string): void {
    for (const ch of [...this.channels.values()]) if (ch.endpoint === endpoint) this.hangupChannel(ch.name);
  }

  endpointDeviceState(endpoint: string): string {
    return this.endpoints.endpointDeviceState(endpoint);
  }

  hasEndpoint(endpoint: string): boolean {
    return this.endpoints.hasEndpoint(endpoint);
  }

  securityEvent(
    event: string,
    endpoint: string,
    callId: string,
    remote: string,
    extra: AmiFields,
    severity = 'Informational',
  ): void {
    this.endpoints.securityEvent(event, endpoint, callId, remote, extra, severity);
  }

  register(endpoint: string, opts: RegisterOptions = {}): void {
    this.endpoints.register(endpoint, opts);
  }

  registerWithWrongPassword(endpoint: string): void {
    this.endpoints.registerWithWrongPassword(endpoint);
  }

  contactAdded(contact: SimContact): void {
    this.endpoints.contactAdded(contact);
  }

  qualifyAnswered(endpoint: string, rtt: number, deviceStateLate = false): void {
    this.endpoints.qualifyAnswered(endpoint, rtt, deviceStateLate);
  }

  qualifyFailed(endpoint: string): void {
    this.endpoints.qualifyFailed(endpoint);
  }

  unregister(endpoint: string): void {
    this.endpoints.unregister(endpoint);
  }

  removeContact(endpoint: string): void {
    this.endpoints.removeContact(endpoint);
  }

  /** Simulated network fault on one endpoint (see EndpointRegistry.setFault). */
  setEndpointFault(endpoint: string, mode: EndpointFaultMode): void {
    this.endpoints.setFault(endpoint, mode);
  }

  endpointFault(endpoint: string): 'unregister' | 'unreachable' | undefined {
    return this.endpoints.faultOf(endpoint);
  }

  // ---------- queues and members ----------

  membersOf(iface: string): SimMember[] {
    return this.book.membersOf(iface);
  }

  findMember(queue: string, iface: string): SimMember | undefined {
    return this.book.findMember(queue, iface);
  }

  memberBlock(m: SimMember, status = m.status): AmiFields {
    return this.book.memberBlock(m, status);
  }

  queueByExtension(exten: string): SimQueue | undefined {
    return this.book.queueByExtension(exten);
  }

  slPerf(q: SimQueue): number {
    return slPerf(q);
  }

  slPerf2(q: SimQueue): number {
    return slPerf2(q);
  }

  pauseMember(iface: string, paused: boolean, reason: string, queue?: string): SimMember[] {
    const members = this.book.pause(iface, paused, reason, queue);
    if (!paused) this.calls.dispatchAll();
    return members;
  }

  /** A pause (or unpause) made with a feature code on the agent's phone: no AMI action involved. */
  pauseFromPhone(extension: string, paused: boolean, reason: string, queues: string[] = []): string[] {
    const changed = this.book.pauseFromPhone(extension, paused, reason, queues);
    if (!paused) this.calls.dispatchAll();
    return changed;
  }

  addMember(queue: string, iface: string, opts: AddMemberOptions): 'no-queue' | 'exists' | 'ok' {
    const result = this.book.add(queue, iface, opts);
    if (result === 'ok') this.calls.dispatch(this.book.queues.get(queue) as SimQueue);
    return result;
  }

  removeMember(queue: string, iface: string): 'no-queue' | 'not-there' | 'not-dynamic' | 'ok' {
    return this.book.remove(queue, iface);
  }

  setPenalty(iface: string, penalty: number, queue?: string): boolean {
    return this.book.setPenalty(iface, penalty, queue);
  }

  // ---------- calls ----------

  dispatchAll(): void {
    this.calls.dispatchAll();
  }

  dispatch(q: SimQueue): void {
    this.calls.dispatch(q);
  }

  completeCall(caller: QueueCaller, q: SimQueue, reason: 'agent' | 'caller'): void {
    this.calls.completeCall(caller, q, reason);
  }

  abandon(caller: QueueCaller): void {
    this.calls.abandon(caller);
  }

  /** Hangup action / scenario: end whatever call the channel belongs to. */
  hangupChannel(name: string): boolean {
    return this.calls.hangup(name) || this.originator.hangup(name) || this.trunk.hangup(name);
  }

  redirect(name: string, context: string, exten: string): boolean {
    return this.calls.redirect(name, context, exten);
  }

  /** Whether Asterisk would accept an Originate to this channel (else it answers `Originate failed`). */
  canOriginate(channel: string): boolean {
    const local = /^Local\/([^@]+)@from-external/.exec(channel);
    if (local) return !!this.book.queueByExtension(local[1]);
    if (TRUNK_CHANNEL.test(channel)) return true;
    const pjsip = /^PJSIP\/(\w+)$/.exec(channel);
    return !!pjsip && this.endpoints.isReachable(pjsip[1]);
  }

  /**
   * AMI Originate: a queue caller (`Local/<queue exten>@from-external`), a call to an endpoint
   * (`PJSIP/<ext>`, ChanSpy included) or to an external number (`PJSIP/<number>@trunk`).
   */
  originate(req: OriginateRequest): boolean {
    const trunk = TRUNK_CHANNEL.exec(req.channel);
    if (!trunk) return this.originator.originate(req);
    this.trunk.originate({ ...req, number: trunk[1] });
    return true;
  }

  /** The agent dials an external number from the phone (no queue involved). */
  agentDialsOut(extension: string, number: string): DirectCallResult {
    return this.trunk.agentDialsOut(extension, number);
  }

  /** An external caller dials the agent's number directly (no queue involved). */
  externalDialsAgent(extension: string, number: string, callerName?: string): DirectCallResult {
    return this.trunk.externalDialsAgent(extension, number, callerName);
  }
}
