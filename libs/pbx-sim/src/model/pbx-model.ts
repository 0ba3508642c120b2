import { AmiFields } from '../ami/ami-wire';
import { SimClock } from '../clock/sim-clock';
import { SipRegistrarPort } from '../sip/sip-registrar.port';
import { SimChannel } from './channel';
import { ChannelTable } from './channel-table';
import { DeviceStates } from './device-states';
import {
  EndpointChangeOrder,
  EndpointObserver,
  EndpointRegistry,
  RegisterOptions,
  SimContact,
} from './endpoint-registry';
import { OriginateRequest, Originator } from './originator';
import { AgentPhoneBehaviour, PbxEventListener, PbxRuntime } from './pbx-runtime';
import { SimTopology } from './pbx-topology';
import { AddMemberOptions, QueueBook } from './queue-book';
import { QueueCalls } from './queue-calls';
import { slPerf, slPerf2 } from './queue-counters';
import { QueueCaller, SimMember, SimQueue } from './queue.types';

export { MEMBER_STATUS_NAMES } from './device-states';
export type { ContactStatusName, RegisterOptions, SimContact } from './endpoint-registry';
export type { OriginateRequest } from './originator';
export { DEFAULT_PHONE_BEHAVIOUR } from './pbx-runtime';
export type { AgentPhoneBehaviour, PbxEventListener } from './pbx-runtime';
export { memberStateFields } from './queue-book';
export type { QueueCaller, SimMember, SimQueue } from './queue.types';

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
    this.originator = new Originator(
      this.rt,
      this.channelTable,
      this.deviceStates,
      this.book,
      this.endpoints,
      this.calls,
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
    return this.calls.hangup(name) || this.originator.hangup(name);
  }

  redirect(name: string, context: string, exten: string): boolean {
    return this.calls.redirect(name, context, exten);
  }

  originate(req: OriginateRequest): boolean {
    return this.originator.originate(req);
  }
}
