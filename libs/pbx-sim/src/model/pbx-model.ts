import { randomUUID } from 'node:crypto';
import { AmiField, AmiFields } from '../ami/ami-wire';
import { SimClock, SimTimer } from '../clock/sim-clock';
import { SipCallHandle, SipRegistrarPort } from '../sip/sip-registrar.port';
import { SimChannel, UNKNOWN, channelBlock } from './channel';
import { SimMemberConfig, SimQueueConfig, SimTopology } from './pbx-topology';

export type ContactStatusName = 'NonQualified' | 'Reachable' | 'Unreachable';

export interface SimContact {
  endpoint: string;
  id: string;
  uri: string;
  userAgent: string;
  viaAddr: string;
  viaPort: number;
  callId: string;
  expiresAt: number;
  status: ContactStatusName;
  roundtripUsec: number;
  /** Registered over the SIP WebSocket registrar: calls go through `SipRegistrarPort.invite`. */
  ws: boolean;
}

export interface SimMember {
  queue: string;
  name: string;
  interface: string;
  stateInterface: string;
  dynamic: boolean;
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  inCall: boolean;
  paused: boolean;
  pausedReason: string;
  /** Last status reported in a QueueMemberStatus. */
  status: number;
}

/**
 * What a member's QueueMember* events and its QueueStatus list item share, in Asterisk's order; the two
 * name the member differently (MemberName/Interface vs Name/Location) around it.
 */
export const memberStateFields = (m: SimMember, status = m.status): AmiFields => [
  ['StateInterface', m.stateInterface],
  ['Membership', m.dynamic ? 'dynamic' : 'static'],
  ['Penalty', String(m.penalty)],
  ['CallsTaken', String(m.callsTaken)],
  ['LastCall', String(m.lastCall)],
  ['LastPause', String(m.lastPause)],
  ['LoginTime', String(m.loginTime)],
  ['InCall', m.inCall ? '1' : '0'],
  ['Status', String(status)],
  ['Paused', m.paused ? '1' : '0'],
  ['PausedReason', m.pausedReason],
];

export interface QueueCaller {
  id: number;
  queue: string;
  local1: SimChannel;
  caller: SimChannel;
  joinedAt: number;
  originalPosition: number;
  state: 'waiting' | 'connected' | 'done';
  rings: RingAttempt[];
  agent?: RingAttempt;
  connectedAt?: number;
  patienceTimer?: SimTimer;
  retryTimer?: SimTimer;
  talkTimer?: SimTimer;
  bridgeId?: string;
}

interface RingAttempt {
  member: SimMember;
  channel: SimChannel;
  startedAt: number;
  timers: SimTimer[];
  sip?: SipCallHandle;
}

export interface SimQueue {
  config: SimQueueConfig;
  members: SimMember[];
  callers: QueueCaller[];
  completed: number;
  abandoned: number;
  /** Calls answered within the service level, and abandoned within it (for ServicelevelPerf2). */
  completedInSl: number;
  abandonedInSl: number;
  holdtimeAvg: number;
  talktimeAvg: number;
  rrLast: number;
  connectedCount: number;
}

/** How simulated agent phones behave when rung (for contacts without a real SIP WebSocket phone). */
export interface AgentPhoneBehaviour {
  /** Seconds before answering, or null to never answer (ring no answer). */
  ringSeconds(iface: string): number | null;
  talkSeconds(iface: string): number;
}

export const DEFAULT_PHONE_BEHAVIOUR: AgentPhoneBehaviour = {
  ringSeconds: () => 2,
  talkSeconds: () => 6,
};

export interface OriginateRequest {
  channel: string;
  application?: string;
  data?: string;
  context?: string;
  exten?: string;
  callerId?: string;
  variables: [string, string][];
  actionId?: string;
  /** Caller patience (abandon after N s waiting); undefined = waits forever. */
  patienceSeconds?: number;
}

const DEVICE_TO_MEMBER_STATUS: Record<string, number> = {
  UNKNOWN: 0,
  NOT_INUSE: 1,
  INUSE: 2,
  BUSY: 3,
  INVALID: 4,
  UNAVAILABLE: 5,
  RINGING: 6,
  RINGINUSE: 7,
  ONHOLD: 8,
};

export const MEMBER_STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(DEVICE_TO_MEMBER_STATUS).map(([k, v]) => [v, k]),
);

const sec = (ms: number) => Math.floor(ms / 1000);
// Durations Asterisk prints come from whole-second time() stamps; rounding keeps accelerated timer jitter out of them.
const secs = (ms: number) => Math.round(ms / 1000);
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export interface RegisterOptions {
  /** false: the contact never answers qualify (NonQualified -> Unreachable, device stays unavailable). */
  reachable?: boolean;
  expiresSeconds?: number;
  contactPort?: number;
  userAgent?: string;
  /**
   * Asterisk publishes the device state from a taskprocessor, so it may land before or after the first
   * `ContactStatus: Reachable` (register_unregister.ami shows both: 1001 before, 1002 after).
   */
  deviceStateLate?: boolean;
}

export type PbxEventListener = (fields: AmiFields) => void;

export class PbxModel {
  readonly queues = new Map<string, SimQueue>();
  readonly contacts = new Map<string, SimContact>();
  readonly channels = new Map<string, SimChannel>();
  readonly devices = new Map<string, string>();
  readonly callers = new Map<number, QueueCaller>();
  bootedAt: number;
  phone: AgentPhoneBehaviour = DEFAULT_PHONE_BEHAVIOUR;
  sipPort?: SipRegistrarPort;

  private readonly listeners = new Set<PbxEventListener>();
  private uniqueSeq = 0;
  private localSeq = 0;
  private pjsipSeq = 0;
  private callerSeq = 0;
  private dispatchQueued = false;
  private readonly timers = new Set<SimTimer>();
  private readonly standalone = new Map<
    string,
    { channel: SimChannel; timers: SimTimer[]; sip?: SipCallHandle; spying?: SimChannel }
  >();

  constructor(
    readonly topology: SimTopology,
    readonly clock: SimClock,
  ) {
    this.bootedAt = clock.now();
    this.boot();
  }

  // ---------- plumbing ----------

  onEvent(listener: PbxEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(fields: AmiFields): void {
    for (const l of this.listeners) l(fields);
  }

  nowSec(): number {
    return sec(this.clock.now());
  }

  uptimeSeconds(): number {
    return Math.max(0, sec(this.clock.now() - this.bootedAt));
  }

  private after(seconds: number, fn: () => void): SimTimer {
    const t = this.clock.after(seconds * 1000, () => {
      this.timers.delete(t);
      fn();
    });
    this.timers.add(t);
    return t;
  }

  private nextUniqueid(): string {
    return `${this.nowSec()}.${this.uniqueSeq++}`;
  }

  private boot(): void {
    const loginTime = this.nowSec();
    this.devices.clear();
    for (const a of this.topology.poolAgents) this.devices.set(`Agent:${a.id}`, 'UNAVAILABLE');
    for (const q of this.topology.queues) {
      this.queues.set(q.name, {
        config: q,
        members: q.members.map((m) => this.newMember(q.name, m, false, loginTime)),
        callers: [],
        completed: 0,
        abandoned: 0,
        completedInSl: 0,
        abandonedInSl: 0,
        holdtimeAvg: 0,
        talktimeAvg: 0,
        rrLast: -1,
        connectedCount: 0,
      });
    }
    for (const e of this.topology.endpoints)
      this.devices.set(`PJSIP/${e.name}`, this.endpointDeviceState(e.name));
    for (const q of this.queues.values()) {
      for (const m of q.members) this.devices.set(`Queue:${q.config.name}_pause_${m.interface}`, 'NOT_INUSE');
      this.devices.set(`Queue:${q.config.name}_avail`, this.availState(q));
    }
    for (const q of this.queues.values()) for (const m of q.members) m.status = this.memberDeviceStatus(m);
  }

  private newMember(queue: string, m: SimMemberConfig, dynamic: boolean, loginTime: number): SimMember {
    const member: SimMember = {
      queue,
      name: m.name,
      interface: m.interface,
      stateInterface: m.stateInterface,
      dynamic,
      penalty: 0,
      callsTaken: 0,
      lastCall: 0,
      lastPause: 0,
      loginTime,
      inCall: false,
      paused: false,
      pausedReason: '',
      status: 5,
    };
    return member;
  }

  /** Asterisk restart: channels vanish, counters reset, dynamic members and pauses are lost (persistentmembers=no). */
  restart(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    for (const c of this.callers.values())
      for (const r of [...c.rings, ...(c.agent ? [c.agent] : [])]) r.sip?.hangup();
    for (const s of this.standalone.values()) s.sip?.hangup();
    this.standalone.clear();
    this.callers.clear();
    this.channels.clear();
    this.queues.clear();
    this.bootedAt = this.clock.now();
    this.uniqueSeq = 0;
    this.localSeq = 0;
    this.pjsipSeq = 0;
    this.boot();
  }

  stop(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }

  // ---------- devices & members ----------

  endpointDeviceState(endpoint: string): string {
    const contact = this.contacts.get(endpoint);
    if (!contact || contact.status !== 'Reachable') return 'UNAVAILABLE';
    let ringing = false;
    let inUse = false;
    for (const ch of this.channels.values()) {
      if (ch.endpoint !== endpoint) continue;
      if (ch.state === 6) inUse = true;
      else ringing = true;
    }
    if (inUse && ringing) return 'RINGINUSE';
    if (inUse) return 'INUSE';
    if (ringing) return 'RINGING';
    return 'NOT_INUSE';
  }

  private memberDeviceStatus(m: SimMember): number {
    return DEVICE_TO_MEMBER_STATUS[this.devices.get(m.stateInterface) ?? 'INVALID'] ?? 4;
  }

  private availState(q: SimQueue): string {
    return q.members.some((m) => !m.paused && this.memberDeviceStatus(m) === 1) ? 'NOT_INUSE' : 'INUSE';
  }

  private setDevice(device: string, state: string, force = false): void {
    if (!force && this.devices.get(device) === state) return;
    this.devices.set(device, state);
    this.emit([
      ['Event', 'DeviceStateChange'],
      ['Privilege', 'call,all'],
      ['Device', device],
      ['State', state],
    ]);
  }

  private refreshAvail(q: SimQueue): void {
    this.setDevice(`Queue:${q.config.name}_avail`, this.availState(q));
  }

  membersOf(iface: string): SimMember[] {
    const out: SimMember[] = [];
    for (const q of this.queues.values())
      for (const m of q.members) if (m.interface === iface || m.stateInterface === iface) out.push(m);
    return out;
  }

  findMember(queue: string, iface: string): SimMember | undefined {
    return this.queues.get(queue)?.members.find((m) => m.interface === iface);
  }

  memberBlock(m: SimMember, status = m.status): AmiFields {
    return [
      ['Queue', m.queue],
      ['MemberName', m.name],
      ['Interface', m.interface],
      ...memberStateFields(m, status),
      ['Ringinuse', '0'],
      ['Wrapuptime', '0'],
    ];
  }

  private memberEvent(event: string, m: SimMember): void {
    this.emit([['Event', event], ['Privilege', 'agent,all'], ...this.memberBlock(m)]);
  }

  private memberStatus(m: SimMember, status: number): void {
    m.status = status;
    this.memberEvent('QueueMemberStatus', m);
  }

  /** Endpoint device changed: QueueMemberStatus per queue, with the device and avail changes where Asterisk puts them. */
  private propagateEndpoint(
    endpoint: string,
    order: 'member-first' | 'device-first' | 'members-then-device',
  ): void {
    const device = `PJSIP/${endpoint}`;
    const state = this.endpointDeviceState(endpoint);
    const members = this.membersOf(device);
    const status = DEVICE_TO_MEMBER_STATUS[state] ?? 4;
    if (order === 'device-first') this.setDevice(device, state);
    if (order === 'members-then-device') {
      for (const m of members) this.memberStatus(m, status);
      this.setDevice(device, state);
      for (const m of members) this.refreshAvail(this.queues.get(m.queue) as SimQueue);
    } else {
      members.forEach((m, i) => {
        this.memberStatus(m, status);
        if (i === 0) this.setDevice(device, state);
        this.refreshAvail(this.queues.get(m.queue) as SimQueue);
      });
      this.setDevice(device, state);
    }
    if (status === 1) this.dispatchAll();
  }

  // ---------- registrations (PJSIP) ----------

  securityEvent(
    event: string,
    endpoint: string,
    callId: string,
    remote: string,
    extra: AmiFields,
    severity = 'Informational',
  ): void {
    this.emit([
      ['Event', event],
      ['Privilege', 'security,all'],
      ['EventTV', new Date(this.clock.now()).toISOString().replace('Z', '+0000')],
      ['Severity', severity],
      ['Service', 'PJSIP'],
      ['EventVersion', '1'],
      ['AccountID', endpoint],
      ['SessionID', callId],
      ['LocalAddress', remote.includes('/WS/') ? 'IPV4/WS/127.0.0.1/8088' : 'IPV4/UDP/127.0.0.1/5060'],
      ['RemoteAddress', remote],
      ...extra,
    ]);
  }

  private contactStatusEvent(c: SimContact, status: string, rtt = 0): void {
    this.emit([
      ['Event', 'ContactStatus'],
      ['Privilege', 'system,all'],
      ['URI', c.uri],
      ['ContactStatus', status],
      ['AOR', c.endpoint],
      ['EndpointName', c.endpoint],
      ['RoundtripUsec', String(rtt)],
    ]);
  }

  private peerStatus(endpoint: string, status: 'Reachable' | 'Unreachable'): void {
    this.emit([
      ['Event', 'PeerStatus'],
      ['Privilege', 'system,all'],
      ['ChannelType', 'PJSIP'],
      ['Peer', `PJSIP/${endpoint}`],
      ['PeerStatus', status],
    ]);
  }

  private authSequence(endpoint: string, callId: string, remote: string, ok: boolean): void {
    this.securityEvent('ChallengeSent', endpoint, callId, remote, [['Challenge', '']]);
    if (ok) this.securityEvent('SuccessfulAuth', endpoint, callId, remote, [['UsingPassword', '1']]);
    else
      this.securityEvent(
        'ChallengeResponseFailed',
        endpoint,
        callId,
        remote,
        [
          ['Challenge', `${this.nowSec()}/${randomUUID().replace(/-/g, '')}`],
          ['Response', randomUUID().replace(/-/g, '')],
          ['ExpectedResponse', ''],
        ],
        'Error',
      );
  }

  private udpRemote(endpoint: string): { remote: string; viaPort: number } {
    const viaPort = 5100 + (Number(endpoint) % 100);
    return { remote: `IPV4/UDP/127.0.0.1/${viaPort}`, viaPort };
  }

  hasEndpoint(endpoint: string): boolean {
    return this.topology.endpoints.some((e) => e.name === endpoint);
  }

  /** A UDP phone REGISTERs with digest auth (ChallengeSent, SuccessfulAuth, NonQualified, then the first qualify). */
  register(endpoint: string, opts: RegisterOptions = {}): void {
    if (!this.hasEndpoint(endpoint)) throw new Error(`unknown endpoint ${endpoint}`);
    const { remote, viaPort } = this.udpRemote(endpoint);
    const callId = `${this.uniqueSeq + 1}-${Math.floor(this.clock.now() % 100000)}@127.0.0.1`;
    this.authSequence(endpoint, callId, remote, true);
    const existing = this.contacts.get(endpoint);
    if (existing && existing.status !== 'NonQualified') {
      existing.expiresAt = this.nowSec() + (opts.expiresSeconds ?? 300);
      return;
    }
    this.contactAdded({
      endpoint,
      id: `${endpoint};@${randomUUID().replace(/-/g, '')}`,
      uri: `sip:${endpoint}@127.0.0.1:${opts.contactPort ?? 5081}`,
      userAgent: opts.userAgent ?? 'SIPp-agent-phone',
      viaAddr: '127.0.0.1',
      viaPort,
      callId,
      expiresAt: this.nowSec() + (opts.expiresSeconds ?? 300),
      status: 'NonQualified',
      roundtripUsec: 0,
      ws: false,
    });
    if (opts.reachable === false) this.qualifyFailed(endpoint);
    else this.qualifyAnswered(endpoint, 600 + Math.floor(Math.random() * 600), opts.deviceStateLate);
  }

  /** A REGISTER whose digest response is wrong. */
  registerWithWrongPassword(endpoint: string): void {
    const { remote } = this.udpRemote(endpoint);
    this.authSequence(
      endpoint,
      `${this.uniqueSeq + 1}-${Math.floor(this.clock.now() % 100000)}@127.0.0.1`,
      remote,
      false,
    );
  }

  contactAdded(contact: SimContact): void {
    this.contacts.set(contact.endpoint, contact);
    this.contactStatusEvent(contact, 'NonQualified');
  }

  /** A qualify OPTIONS was answered. */
  qualifyAnswered(endpoint: string, rtt: number, deviceStateLate = false): void {
    const c = this.contacts.get(endpoint);
    if (!c) return;
    c.roundtripUsec = rtt;
    if (c.status === 'Reachable') return;
    const wasUnreachable = c.status === 'Unreachable';
    c.status = 'Reachable';
    this.peerStatus(endpoint, 'Reachable');
    if (wasUnreachable) {
      this.contactStatusEvent(c, 'Reachable', rtt);
      this.propagateEndpoint(endpoint, 'device-first');
      return;
    }
    if (!deviceStateLate) this.setDevice(`PJSIP/${endpoint}`, this.endpointDeviceState(endpoint));
    this.contactStatusEvent(c, 'Reachable', rtt);
    if (deviceStateLate) this.setDevice(`PJSIP/${endpoint}`, this.endpointDeviceState(endpoint));
    this.propagateEndpoint(endpoint, 'member-first');
  }

  /** A qualify OPTIONS went unanswered (network loss, phone gone). */
  qualifyFailed(endpoint: string): void {
    const c = this.contacts.get(endpoint);
    if (!c || c.status === 'Unreachable') return;
    const wasReachable = c.status === 'Reachable';
    c.status = 'Unreachable';
    c.roundtripUsec = 0;
    if (!wasReachable) {
      this.contactStatusEvent(c, 'Unreachable');
      return;
    }
    this.peerStatus(endpoint, 'Unreachable');
    this.contactStatusEvent(c, 'Unreachable');
    this.hangupEndpointChannels(endpoint);
    this.propagateEndpoint(endpoint, 'member-first');
  }

  /** REGISTER with Expires: 0. */
  unregister(endpoint: string): void {
    const c = this.contacts.get(endpoint);
    if (!c) return;
    const { remote } = this.udpRemote(endpoint);
    if (!c.ws) this.authSequence(endpoint, c.callId, remote, true);
    this.removeContact(endpoint);
  }

  /** The registration expired without refresh, or the WebSocket transport closed. */
  removeContact(endpoint: string): void {
    const c = this.contacts.get(endpoint);
    if (!c) return;
    const wasReachable = c.status === 'Reachable';
    this.contacts.delete(endpoint);
    if (wasReachable) {
      this.peerStatus(endpoint, 'Unreachable');
      this.hangupEndpointChannels(endpoint);
      this.propagateEndpoint(endpoint, 'members-then-device');
    }
    this.contactStatusEvent(c, 'Removed');
  }

  // ---------- queue members (AMI actions) ----------

  pauseMember(iface: string, paused: boolean, reason: string, queue?: string): SimMember[] {
    const members = this.membersOf(iface).filter(
      (m) => m.interface === iface && (!queue || m.queue === queue),
    );
    for (const m of members) {
      m.paused = paused;
      m.pausedReason = paused ? reason : '';
      if (paused) m.lastPause = this.nowSec();
      this.setDevice(`Queue:${m.queue}_pause_${m.interface}`, paused ? 'INUSE' : 'NOT_INUSE', true);
      this.memberEvent('QueueMemberPause', m);
      this.refreshAvail(this.queues.get(m.queue) as SimQueue);
    }
    if (!paused) this.dispatchAll();
    return members;
  }

  addMember(
    queue: string,
    iface: string,
    opts: { name?: string; stateInterface?: string; penalty?: number; paused?: boolean; reason?: string },
  ): 'no-queue' | 'exists' | 'ok' {
    const q = this.queues.get(queue);
    if (!q) return 'no-queue';
    if (q.members.some((m) => m.interface === iface)) return 'exists';
    const m = this.newMember(
      queue,
      { interface: iface, name: opts.name || iface, stateInterface: opts.stateInterface || iface },
      true,
      this.nowSec(),
    );
    m.penalty = opts.penalty ?? 0;
    m.paused = opts.paused ?? false;
    m.pausedReason = m.paused ? (opts.reason ?? '') : '';
    if (m.paused) m.lastPause = this.nowSec();
    m.status = this.memberDeviceStatus(m);
    q.members.push(m);
    this.setDevice(`Queue:${queue}_pause_${iface}`, m.paused ? 'INUSE' : 'NOT_INUSE', true);
    this.memberEvent('QueueMemberAdded', m);
    this.refreshAvail(q);
    this.dispatch(q);
    return 'ok';
  }

  removeMember(queue: string, iface: string): 'no-queue' | 'not-there' | 'not-dynamic' | 'ok' {
    const q = this.queues.get(queue);
    if (!q) return 'no-queue';
    const m = q.members.find((x) => x.interface === iface);
    if (!m) return 'not-there';
    if (!m.dynamic) return 'not-dynamic';
    q.members.splice(q.members.indexOf(m), 1);
    this.memberEvent('QueueMemberRemoved', m);
    const pauseDevice = `Queue:${queue}_pause_${iface}`;
    if (m.paused) this.setDevice(pauseDevice, 'NOT_INUSE', true);
    this.devices.delete(pauseDevice);
    this.refreshAvail(q);
    return 'ok';
  }

  setPenalty(iface: string, penalty: number, queue?: string): boolean {
    const members = this.membersOf(iface).filter(
      (m) => m.interface === iface && (!queue || m.queue === queue),
    );
    for (const m of members) {
      m.penalty = penalty;
      this.memberEvent('QueueMemberPenalty', m);
    }
    return members.length > 0;
  }

  // ---------- channels ----------

  private newChannel(
    init: Omit<SimChannel, 'uniqueid' | 'linkedid' | 'createdAt' | 'bridgeId'> & { linkedid?: string },
  ): SimChannel {
    const uniqueid = this.nextUniqueid();
    const ch: SimChannel = {
      ...init,
      uniqueid,
      linkedid: init.linkedid ?? uniqueid,
      createdAt: this.clock.now(),
      bridgeId: '',
    };
    this.channels.set(ch.name, ch);
    return ch;
  }

  private chanEvent(
    event: string,
    ch: SimChannel,
    privilege: string,
    extra: AmiFields = [],
    override: Partial<SimChannel> = {},
  ): void {
    this.emit([['Event', event], ['Privilege', privilege], ...channelBlock(ch, '', override), ...extra]);
  }

  private varSet(ch: SimChannel, name: string, value: string): void {
    this.chanEvent('VarSet', ch, 'dialplan,all', [
      ['Variable', name],
      ['Value', value],
    ]);
  }

  private newexten(ch: SimChannel, app: string, data: string): void {
    ch.application = app;
    ch.applicationData = data;
    this.chanEvent('Newexten', ch, 'dialplan,all', [
      ['Extension', ch.exten],
      ['Application', app],
      ['AppData', data],
    ]);
  }

  private newstate(ch: SimChannel, state: number): void {
    ch.state = state;
    this.chanEvent('Newstate', ch, 'call,all');
  }

  private hangupEvents(
    ch: SimChannel,
    cause: number,
    causeTxt: string,
    override: Partial<SimChannel> = {},
  ): void {
    this.channels.delete(ch.name);
    this.chanEvent(
      'Hangup',
      ch,
      'call,all',
      [
        ['Cause', String(cause)],
        ['Cause-txt', causeTxt],
      ],
      override,
    );
  }

  private bridgeBlock(id: string, n: number): AmiFields {
    return [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', UNKNOWN],
      ['BridgeName', UNKNOWN],
      ['BridgeNumChannels', String(n)],
      ['BridgeVideoSourceMode', 'none'],
    ];
  }

  // An Originate dials with no calling channel, so its Dial* events carry only the Dest block.
  private dialEvent(
    event: 'DialBegin' | 'DialState' | 'DialEnd',
    caller: SimChannel | null,
    dest: SimChannel,
    field: AmiField,
  ): void {
    this.emit([
      ['Event', event],
      ['Privilege', 'call,all'],
      ...(caller ? channelBlock(caller) : []),
      ...channelBlock(dest, 'Dest'),
      field,
    ]);
  }

  /** `channels` counts the bridge's channels after `ch` entered or left. */
  private bridgeChannelEvent(
    event: 'BridgeEnter' | 'BridgeLeave',
    bridgeId: string,
    channels: number,
    ch: SimChannel,
  ): void {
    this.emit([
      ['Event', event],
      ['Privilege', 'call,all'],
      ...this.bridgeBlock(bridgeId, channels),
      ...channelBlock(ch),
    ]);
  }

  // app_queue publishes every Agent* event alike: caller and agent snapshots, the member, then its own fields.
  private agentEvent(
    event: 'AgentCalled' | 'AgentRingNoAnswer' | 'AgentConnect' | 'AgentComplete',
    caller: QueueCaller,
    ring: RingAttempt,
    fields: AmiFields,
    agentView: Partial<SimChannel> = {},
  ): void {
    this.emit([
      ['Event', event],
      ['Privilege', 'agent,all'],
      ...channelBlock(caller.caller),
      ...channelBlock(ring.channel, 'Dest', agentView),
      ['Queue', caller.queue],
      ['Interface', ring.member.interface],
      ['MemberName', ring.member.name],
      ...fields,
    ]);
  }

  private parseCallerId(callerId: string | undefined): { num: string; name: string } {
    if (!callerId) return { num: UNKNOWN, name: UNKNOWN };
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(callerId);
    if (m) return { name: m[1].trim() || UNKNOWN, num: m[2].trim() || UNKNOWN };
    return { num: callerId.trim(), name: UNKNOWN };
  }

  queueByExtension(exten: string): SimQueue | undefined {
    for (const q of this.queues.values()) if (q.config.extension === exten) return q;
    return undefined;
  }

  /**
   * AMI Originate. Returns false when Asterisk would answer `Originate failed`
   * (unknown destination or an endpoint with no reachable contact).
   */
  originate(req: OriginateRequest): boolean {
    const local = /^Local\/([^@]+)@([^/]+)/.exec(req.channel);
    if (local) {
      const q = local[2] === 'from-external' ? this.queueByExtension(local[1]) : undefined;
      if (!q) return false;
      this.originateQueueCall(q, local[1], req);
      return true;
    }
    const pjsip = /^PJSIP\/(\w+)$/.exec(req.channel);
    if (pjsip && this.contacts.get(pjsip[1])?.status === 'Reachable') {
      this.originateToEndpoint(pjsip[1], req);
      return true;
    }
    return false;
  }

  private originateQueueCall(q: SimQueue, exten: string, req: OriginateRequest): void {
    const n = hex8(this.localSeq++);
    const base = `Local/${exten}@from-external-${n}`;
    const common = {
      callerNum: UNKNOWN,
      callerName: UNKNOWN,
      connectedNum: UNKNOWN,
      connectedName: UNKNOWN,
      context: 'from-external',
      exten,
      priority: 1,
      application: '',
      applicationData: '',
      type: 'Local' as const,
    };
    const l1 = this.newChannel({ ...common, name: `${base};1`, state: 0 });
    const l2 = this.newChannel({ ...common, name: `${base};2`, state: 4, linkedid: l1.uniqueid });
    const cid = this.parseCallerId(req.callerId);
    this.chanEvent('Newchannel', l1, 'call,all');
    this.chanEvent('Newchannel', l2, 'call,all');
    this.newexten(l1, 'AppDial2', '(Outgoing Line)');
    for (const [k, v] of req.variables) this.varSet(l1, k, v);
    l1.callerNum = cid.num;
    l1.callerName = cid.name;
    this.chanEvent('NewCallerid', l1, 'call,all', [
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ]);
    l1.connectedNum = cid.num;
    l1.connectedName = cid.name;
    this.chanEvent('NewConnectedLine', l1, 'call,all');
    for (const [k, v] of req.variables) this.varSet(l2, k, v);
    Object.assign(l2, {
      callerNum: cid.num,
      callerName: cid.name,
      connectedNum: cid.num,
      connectedName: cid.name,
    });
    this.chanEvent('NewCallerid', l2, 'call,all', [
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ]);
    this.chanEvent('NewConnectedLine', l2, 'call,all');
    this.emit([
      ['Event', 'LocalBridge'],
      ['Privilege', 'call,all'],
      ...channelBlock(l1, 'LocalOne'),
      ...channelBlock(l2, 'LocalTwo'),
      ['Context', 'from-external'],
      ['Exten', exten],
      ['LocalOptimization', 'Yes'],
    ]);
    const app = req.application ?? 'Wait';
    const data = req.data ?? '';
    this.originateAnswered(req, l1, [
      ['Application', app],
      ['Data', data],
    ]);
    this.dialEvent('DialBegin', null, l1, ['DialString', `${exten}@from-external`]);
    this.newexten(l2, 'NoOp', `Inbound call for ${q.config.name} queue`);
    l2.priority = 2;
    this.newexten(l2, 'Answer', '');
    this.newstate(l2, 6);
    this.newstate(l1, 6);
    l1.application = app;
    l1.applicationData = data;
    this.dialEvent('DialEnd', null, l1, ['DialStatus', 'ANSWER']);
    this.setDevice(`Local/${exten}@from-external`, 'INUSE', true);
    this.setDevice(`Local/${exten}@from-external`, 'INUSE', true);
    this.devices.delete(`Local/${exten}@from-external`);
    l2.priority = 3;
    this.newexten(l2, 'Queue', `${q.config.name},r,,,120`);
    for (const v of [
      'ANSWEREDTIME',
      'ANSWEREDTIME_MS',
      'DIALEDTIME',
      'DIALEDTIME_MS',
      'QUEUEWAIT',
      'QUEUEWAIT_MS',
    ])
      this.varSet(l2, v, '');
    this.joinQueue(q, l1, l2, req.patienceSeconds);
  }

  private joinQueue(q: SimQueue, l1: SimChannel, l2: SimChannel, patience?: number): void {
    const caller: QueueCaller = {
      id: ++this.callerSeq,
      queue: q.config.name,
      local1: l1,
      caller: l2,
      joinedAt: this.clock.now(),
      originalPosition: q.callers.length + 1,
      state: 'waiting',
      rings: [],
    };
    q.callers.push(caller);
    this.callers.set(caller.id, caller);
    this.setDevice(`Queue:${q.config.name}`, 'RINGING');
    this.chanEvent('QueueCallerJoin', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(q.callers.length)],
      ['Count', String(q.callers.length)],
    ]);
    if (patience !== undefined) caller.patienceTimer = this.after(patience, () => this.abandon(caller));
    this.dispatch(q);
  }

  private busyInterfaces(): Set<string> {
    const busy = new Set<string>();
    for (const c of this.callers.values()) for (const r of c.rings) busy.add(r.member.stateInterface);
    return busy;
  }

  private inWrapup(m: SimMember, q: SimQueue): boolean {
    return m.lastCall > 0 && this.nowSec() - m.lastCall < q.config.wrapupSeconds;
  }

  /**
   * Deferred to a microtask: it is triggered from inside hangups and state changes, and running it
   * re-entrantly would ring members for a caller that is being torn down.
   */
  dispatchAll(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    queueMicrotask(() => {
      this.dispatchQueued = false;
      for (const q of this.queues.values()) this.dispatch(q);
    });
  }

  /** Offer waiting callers to free members (autofill: several callers may ring at once). */
  dispatch(q: SimQueue): void {
    for (const caller of q.callers) {
      if (caller.state !== 'waiting' || caller.rings.length > 0 || caller.retryTimer) continue;
      const busy = this.busyInterfaces();
      const free = q.members.filter(
        (m) =>
          !m.paused &&
          !busy.has(m.stateInterface) &&
          this.memberDeviceStatus(m) === 1 &&
          !this.inWrapup(m, q),
      );
      if (free.length === 0) {
        const wrapping = q.members.filter(
          (m) => !m.paused && this.memberDeviceStatus(m) === 1 && this.inWrapup(m, q),
        );
        if (wrapping.length > 0) {
          const soonest = Math.min(...wrapping.map((m) => m.lastCall + q.config.wrapupSeconds));
          caller.retryTimer = this.after(Math.max(0.05, soonest - this.clock.now() / 1000), () => {
            caller.retryTimer = undefined;
            this.dispatch(q);
          });
        }
        return;
      }
      let chosen: SimMember[];
      if (q.config.strategy === 'ringall') chosen = free;
      else {
        const idx = (m: SimMember) => q.members.indexOf(m);
        const next = free.find((m) => idx(m) > q.rrLast) ?? free[0];
        q.rrLast = idx(next);
        chosen = [next];
      }
      for (const m of chosen) this.ringMember(caller, q, m);
    }
  }

  private endpointOf(iface: string): string | undefined {
    const m = /^PJSIP\/(\w+)$/.exec(iface);
    return m ? m[1] : undefined;
  }

  private agentChannel(endpoint: string, linkedid: string): SimChannel {
    const cfg = this.topology.endpoints.find((e) => e.name === endpoint);
    return this.newChannel({
      name: `PJSIP/${endpoint}-${hex8(this.pjsipSeq++)}`,
      state: 0,
      callerNum: endpoint,
      callerName: cfg?.callerName ?? endpoint,
      connectedNum: UNKNOWN,
      connectedName: UNKNOWN,
      context: 'from-internal',
      exten: 's',
      priority: 1,
      application: '',
      applicationData: '',
      type: 'PJSIP',
      endpoint,
      linkedid,
    });
  }

  private ringMember(caller: QueueCaller, q: SimQueue, m: SimMember): void {
    const endpoint = this.endpointOf(m.stateInterface);
    if (!endpoint) return;
    const l2 = caller.caller;
    const ch = this.agentChannel(endpoint, l2.linkedid);
    const ring: RingAttempt = { member: m, channel: ch, startedAt: this.clock.now(), timers: [] };
    caller.rings.push(ring);
    const toCaller = { exten: l2.exten, connectedNum: l2.callerNum, connectedName: l2.callerName };
    this.chanEvent('Newchannel', ch, 'call,all');
    this.varSet(ch, 'DIALEDPEERNUMBER', endpoint);
    this.agentEvent('AgentCalled', caller, ring, [], toCaller);
    this.dialEvent('DialBegin', l2, ch, ['DialString', m.interface]);
    Object.assign(l2, { connectedNum: ch.callerNum, connectedName: ch.callerName });
    this.chanEvent('NewConnectedLine', l2, 'call,all');
    Object.assign(ch, toCaller);
    this.dialEvent('DialState', l2, ch, ['DialStatus', 'RINGING']);
    this.newstate(ch, 5);
    this.newexten(ch, 'AppQueue', '(Outgoing Line)');
    this.chanEvent('NewConnectedLine', ch, 'call,all');
    this.setDevice(`PJSIP/${endpoint}`, this.endpointDeviceState(endpoint));
    for (const mm of this.membersOf(m.stateInterface)) {
      this.memberStatus(mm, 6);
      this.refreshAvail(this.queues.get(mm.queue) as SimQueue);
    }
    ring.timers.push(this.after(q.config.timeoutSeconds, () => this.ringNoAnswer(caller, q, ring)));
    const contact = this.contacts.get(endpoint);
    if (contact?.ws && this.sipPort) {
      ring.sip = this.sipPort.invite(
        { endpoint, callerNumber: l2.callerNum, callerName: l2.callerName },
        {
          ringing: () => undefined,
          answered: () => this.answer(caller, q, ring),
          ended: () => {
            if (caller.agent === ring && caller.state === 'connected') this.completeCall(caller, q, 'agent');
            else if (caller.rings.includes(ring)) this.ringNoAnswer(caller, q, ring);
          },
        },
      );
    } else {
      const ringSeconds = this.phone.ringSeconds(m.stateInterface);
      if (ringSeconds !== null && ringSeconds < q.config.timeoutSeconds)
        ring.timers.push(this.after(ringSeconds, () => this.answer(caller, q, ring)));
    }
  }

  private dropRing(
    caller: QueueCaller,
    ring: RingAttempt,
    cause: number,
    causeTxt: string,
    dialStatus: string,
  ): void {
    for (const t of ring.timers) t.cancel();
    caller.rings = caller.rings.filter((r) => r !== ring);
    if (ring.sip && dialStatus !== 'ANSWER') ring.sip.hangup();
    this.dialEvent('DialEnd', caller.caller, ring.channel, ['DialStatus', dialStatus]);
    this.hangupEvents(ring.channel, cause, causeTxt);
    const endpoint = ring.channel.endpoint as string;
    this.propagateEndpoint(endpoint, 'device-first');
  }

  private ringNoAnswer(caller: QueueCaller, q: SimQueue, ring: RingAttempt): void {
    if (!caller.rings.includes(ring) || caller.state !== 'waiting') return;
    this.agentEvent('AgentRingNoAnswer', caller, ring, [
      ['RingTime', String(secs(this.clock.now() - ring.startedAt))],
    ]);
    this.dropRing(caller, ring, 19, 'No user responding', 'NOANSWER');
    if (caller.rings.length === 0 && caller.state === 'waiting') {
      caller.retryTimer = this.after(q.config.retrySeconds, () => {
        caller.retryTimer = undefined;
        this.dispatch(q);
      });
    }
  }

  private answer(caller: QueueCaller, q: SimQueue, ring: RingAttempt): void {
    if (caller.state !== 'waiting' || !caller.rings.includes(ring)) return;
    for (const t of ring.timers) t.cancel();
    caller.patienceTimer?.cancel();
    // ringall: the other phones stop ringing
    for (const other of caller.rings.filter((r) => r !== ring))
      this.dropRing(caller, other, 26, 'Answered elsewhere', 'CANCEL');
    caller.rings = [];
    caller.agent = ring;
    caller.state = 'connected';
    caller.connectedAt = this.clock.now();
    const l2 = caller.caller;
    const ch = ring.channel;
    const m = ring.member;
    const holdSec = secs(caller.connectedAt - caller.joinedAt);
    const ringSec = secs(caller.connectedAt - ring.startedAt);
    this.newstate(ch, 6);
    const sameIface = this.membersOf(m.stateInterface);
    for (const mm of sameIface) if (mm.queue !== q.config.name) this.memberStatus(mm, 2);
    this.dialEvent('DialEnd', l2, ch, ['DialStatus', 'ANSWER']);
    const memberVars: [string, string][] = [
      ['MEMBERINTERFACE', m.interface],
      ['MEMBERNAME', m.name],
      ['MEMBERCALLS', String(m.callsTaken)],
      ['MEMBERLASTCALL', String(m.lastCall)],
      ['MEMBERPENALTY', String(m.penalty)],
      ['MEMBERDYNAMIC', m.dynamic ? '1' : '0'],
      ['MEMBERREALTIME', '0'],
    ];
    for (const c of [l2, ch]) for (const [k, v] of memberVars) this.varSet(c, k, v);
    for (const c of [l2, ch]) {
      this.varSet(c, 'QEHOLDTIME', String(holdSec));
      this.varSet(c, 'QEORIGINALPOS', String(caller.originalPosition));
    }
    q.holdtimeAvg = q.connectedCount === 0 ? holdSec : Math.round((q.holdtimeAvg * 3 + holdSec) / 4);
    q.connectedCount += 1;
    for (const c of [l2, ch]) this.queueVars(c, q);
    this.setDevice(`PJSIP/${ch.endpoint}`, this.endpointDeviceState(ch.endpoint as string));
    const pos = q.callers.indexOf(caller) + 1;
    q.callers = q.callers.filter((c) => c !== caller);
    if (q.callers.length === 0) this.setDevice(`Queue:${q.config.name}`, 'NOT_INUSE');
    this.chanEvent('QueueCallerLeave', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(pos)],
      ['Count', String(q.callers.length)],
    ]);
    this.varSet(l2, 'QUEUEPOSITION', String(pos));
    this.varSet(l2, 'QUEUEWAIT', String(holdSec));
    this.varSet(l2, 'QUEUEWAIT_MS', String(caller.connectedAt - caller.joinedAt));
    this.agentEvent('AgentConnect', caller, ring, [
      ['HoldTime', String(holdSec)],
      ['RingTime', String(ringSec)],
    ]);
    const bridgeId = randomUUID();
    caller.bridgeId = bridgeId;
    this.emit([['Event', 'BridgeCreate'], ['Privilege', 'call,all'], ...this.bridgeBlock(bridgeId, 0)]);
    ch.bridgeId = bridgeId;
    this.bridgeChannelEvent('BridgeEnter', bridgeId, 1, ch);
    m.inCall = true;
    this.memberStatus(m, 2);
    l2.bridgeId = bridgeId;
    this.bridgeChannelEvent('BridgeEnter', bridgeId, 2, l2);
    this.varSet(ch, 'BRIDGEPEER', l2.name);
    this.varSet(l2, 'BRIDGEPEER', ch.name);
    this.varSet(l2, 'BRIDGEPVTCALLID', randomUUID());
    if (!ring.sip)
      caller.talkTimer = this.after(this.phone.talkSeconds(m.stateInterface), () =>
        this.completeCall(caller, q, 'agent'),
      );
    if (q.callers.length > 0) this.dispatch(q);
  }

  private queueVars(c: SimChannel, q: SimQueue): void {
    const vars: [string, string][] = [
      ['QUEUENAME', q.config.name],
      ['QUEUEMAX', '0'],
      ['QUEUESTRATEGY', q.config.strategy],
      ['QUEUECALLS', String(q.callers.filter((x) => x.state === 'waiting').length)],
      ['QUEUEHOLDTIME', String(q.holdtimeAvg)],
      ['QUEUETALKTIME', String(q.talktimeAvg)],
      ['QUEUECOMPLETED', String(q.completed)],
      ['QUEUEABANDONED', String(q.abandoned)],
      ['QUEUESRVLEVEL', String(q.config.serviceLevelSeconds)],
      ['QUEUESRVLEVELPERF', this.slPerf(q).toFixed(1)],
    ];
    for (const [k, v] of vars) this.varSet(c, k, v);
  }

  slPerf(q: SimQueue): number {
    return q.completed > 0 ? (100 * q.completedInSl) / q.completed : 0;
  }

  slPerf2(q: SimQueue): number {
    const total = q.completed + q.abandoned;
    return total > 0 ? (100 * (q.completedInSl + q.abandonedInSl)) / total : 0;
  }

  /** The bridged call ends: `agent` when the agent hangs up, `caller` when the customer does. */
  completeCall(caller: QueueCaller, q: SimQueue, reason: 'agent' | 'caller'): void {
    if (caller.state !== 'connected' || !caller.agent) return;
    caller.state = 'done';
    caller.talkTimer?.cancel();
    const { channel: ch, member: m } = caller.agent;
    const l1 = caller.local1;
    const l2 = caller.caller;
    const now = this.clock.now();
    const holdSec = secs((caller.connectedAt ?? now) - caller.joinedAt);
    const talkSec = secs(now - (caller.connectedAt ?? now));
    const rtpVars = [
      'RTPAUDIOQOS',
      'RTPAUDIOQOSJITTER',
      'RTPAUDIOQOSLOSS',
      'RTPAUDIOQOSRTT',
      'RTPAUDIOQOSMES',
    ];
    for (const v of rtpVars) {
      this.varSet(
        ch,
        v,
        v === 'RTPAUDIOQOS'
          ? 'ssrc=0;themssrc=0;lp=0;rxjitter=0.000000;rxcount=0;txjitter=0.000000;txcount=0;rlp=0;rtt=0.000000;rxmes=0.000000;txmes=0.000000'
          : '0.000000',
      );
      this.varSet(l2, `${v}BRIDGED`, '0.000000');
    }
    const first = reason === 'agent' ? ch : l2;
    this.chanEvent('HangupRequest', first, 'call,all');
    q.completed += 1;
    if (holdSec <= q.config.serviceLevelSeconds) q.completedInSl += 1;
    q.talktimeAvg = q.completed === 1 ? talkSec : Math.round((q.talktimeAvg * 3 + talkSec) / 4);
    this.agentEvent('AgentComplete', caller, caller.agent, [
      ['HoldTime', String(holdSec)],
      ['TalkTime', String(talkSec)],
      ['Reason', reason],
    ]);
    this.varSet(ch, 'BRIDGEPEER', l2.name);
    this.varSet(l2, 'BRIDGEPEER', ch.name);
    this.varSet(l2, 'BRIDGEPVTCALLID', '');
    const bridgeId = caller.bridgeId ?? '';
    this.bridgeChannelEvent('BridgeLeave', bridgeId, 1, ch);
    this.bridgeChannelEvent('BridgeLeave', bridgeId, 0, l2);
    this.queueVars(l2, q);
    this.varSet(l2, 'ANSWEREDTIME', String(talkSec));
    this.varSet(l2, 'ANSWEREDTIME_MS', String(now - (caller.connectedAt ?? now)));
    this.varSet(l2, 'DIALEDTIME', String(secs(now - caller.joinedAt)));
    this.varSet(l2, 'DIALEDTIME_MS', String(now - caller.joinedAt));
    this.queueVars(l2, q);
    this.chanEvent('SoftHangupRequest', l2, 'call,all', [['Cause', '16']]);
    this.chanEvent('HangupRequest', l1, 'call,all', [['Cause', '16']]);
    this.hangupEvents(l2, 16, 'Normal Clearing');
    // the ;1 half reports the agent as its caller once the Local pair optimised away
    const swapped = {
      callerNum: ch.callerNum,
      callerName: ch.callerName,
      connectedNum: l2.callerNum,
      connectedName: l2.callerName,
    };
    this.hangupEvents(l1, 16, 'Normal Clearing', swapped);
    this.chanEvent(
      'NewCallerid',
      l1,
      'call,all',
      [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']],
      swapped,
    );
    this.hangupEvents(ch, 16, 'Normal Clearing');
    this.emit([['Event', 'BridgeDestroy'], ['Privilege', 'call,all'], ...this.bridgeBlock(bridgeId, 0)]);
    const localDevice = `Local/${l2.exten}@from-external`;
    this.setDevice(localDevice, 'NOT_INUSE', true);
    this.setDevice(`PJSIP/${ch.endpoint}`, this.endpointDeviceState(ch.endpoint as string));
    this.setDevice(localDevice, 'NOT_INUSE', true);
    this.devices.delete(localDevice);
    const lastCall = this.nowSec();
    // shared_lastcall: every queue's entry for this interface counts the call
    for (const mm of this.membersOf(m.stateInterface)) {
      mm.callsTaken += 1;
      mm.lastCall = lastCall;
      mm.inCall = false;
      this.memberStatus(mm, this.memberDeviceStatus(mm));
    }
    if (caller.agent.sip && reason === 'caller') caller.agent.sip.hangup();
    this.callers.delete(caller.id);
    this.dispatchAll();
  }

  /** The customer gives up while waiting. */
  abandon(caller: QueueCaller): void {
    if (caller.state !== 'waiting') return;
    const q = this.queues.get(caller.queue);
    if (!q) return;
    caller.retryTimer?.cancel();
    caller.patienceTimer?.cancel();
    caller.state = 'done';
    for (const r of [...caller.rings]) this.dropRing(caller, r, 16, 'Normal Clearing', 'CANCEL');
    const pos = q.callers.indexOf(caller) + 1;
    const holdSec = secs(this.clock.now() - caller.joinedAt);
    q.callers = q.callers.filter((c) => c !== caller);
    q.abandoned += 1;
    if (holdSec <= q.config.serviceLevelSeconds) q.abandonedInSl += 1;
    const l2 = caller.caller;
    const l1 = caller.local1;
    this.chanEvent('QueueCallerAbandon', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(pos)],
      ['OriginalPosition', String(caller.originalPosition)],
      ['HoldTime', String(holdSec)],
    ]);
    if (q.callers.length === 0) this.setDevice(`Queue:${q.config.name}`, 'NOT_INUSE');
    this.chanEvent('QueueCallerLeave', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(pos)],
      ['Count', String(q.callers.length)],
    ]);
    this.chanEvent('HangupRequest', l1, 'call,all');
    this.chanEvent('SoftHangupRequest', l2, 'call,all', [['Cause', '16']]);
    this.hangupEvents(l2, 16, 'Normal Clearing');
    this.hangupEvents(l1, 16, 'Normal Clearing');
    this.callers.delete(caller.id);
  }

  /** Hangup action / scenario: end whatever call the channel belongs to. */
  hangupChannel(name: string): boolean {
    for (const caller of this.callers.values()) {
      const q = this.queues.get(caller.queue) as SimQueue;
      if (caller.caller.name === name || caller.local1.name === name) {
        if (caller.state === 'waiting') this.abandon(caller);
        else this.completeCall(caller, q, 'caller');
        return true;
      }
      if (caller.agent?.channel.name === name) {
        this.completeCall(caller, q, 'agent');
        return true;
      }
      const ring = caller.rings.find((r) => r.channel.name === name);
      if (ring) {
        this.chanEvent('HangupRequest', ring.channel, 'call,all');
        this.dropRing(caller, ring, 16, 'Normal Clearing', 'BUSY');
        return true;
      }
    }
    const s = this.standalone.get(name);
    if (s) {
      this.endStandalone(name, 16);
      return true;
    }
    return false;
  }

  private hangupEndpointChannels(endpoint: string): void {
    for (const ch of [...this.channels.values()]) if (ch.endpoint === endpoint) this.hangupChannel(ch.name);
  }

  /** Redirect of a waiting queue caller to another queue's extension; other targets just run Newexten. */
  redirect(name: string, context: string, exten: string): boolean {
    const ch = this.channels.get(name);
    if (!ch) return false;
    const caller = [...this.callers.values()].find((c) => c.caller.name === name && c.state === 'waiting');
    const target = context === 'from-external' ? this.queueByExtension(exten) : undefined;
    if (caller && target) {
      const q = this.queues.get(caller.queue) as SimQueue;
      caller.state = 'done';
      caller.retryTimer?.cancel();
      caller.patienceTimer?.cancel();
      for (const r of [...caller.rings]) this.dropRing(caller, r, 16, 'Normal Clearing', 'CANCEL');
      const pos = q.callers.indexOf(caller) + 1;
      q.callers = q.callers.filter((c) => c !== caller);
      this.callers.delete(caller.id);
      this.chanEvent('QueueCallerLeave', ch, 'agent,all', [
        ['Queue', q.config.name],
        ['Position', String(pos)],
        ['Count', String(q.callers.length)],
      ]);
      if (q.callers.length === 0) this.setDevice(`Queue:${q.config.name}`, 'NOT_INUSE');
      Object.assign(ch, { context, exten, priority: 3 });
      this.newexten(ch, 'Queue', `${target.config.name},r,,,120`);
      this.joinQueue(target, caller.local1, ch);
      return true;
    }
    Object.assign(ch, { context, exten, priority: 1 });
    this.newexten(ch, 'NoOp', '');
    return true;
  }

  /** `target` is what the channel was sent to: Application/Data or Context/Exten, as the action gave it. */
  private originateAnswered(req: OriginateRequest, ch: SimChannel, target: AmiFields): void {
    this.emit([
      ['Event', 'OriginateResponse'],
      ['Privilege', 'call,all'],
      ...(req.actionId !== undefined ? ([['ActionID', req.actionId]] as AmiFields) : []),
      ['Response', 'Success'],
      ['Channel', ch.name],
      ...target,
      // 4 = AST_CONTROL_ANSWER: the originated channel was answered
      ['Reason', '4'],
      ['Uniqueid', ch.uniqueid],
      ['CallerIDNum', ch.callerNum],
      ['CallerIDName', ch.callerName],
    ]);
  }

  private originateToEndpoint(endpoint: string, req: OriginateRequest): void {
    const ch = this.agentChannel(endpoint, '');
    ch.linkedid = ch.uniqueid;
    const cid = this.parseCallerId(req.callerId);
    this.chanEvent('Newchannel', ch, 'call,all');
    if (cid.num !== UNKNOWN) Object.assign(ch, { connectedNum: cid.num, connectedName: cid.name });
    this.newstate(ch, 5);
    this.propagateEndpoint(endpoint, 'device-first');
    const entry: { channel: SimChannel; timers: SimTimer[]; sip?: SipCallHandle; spying?: SimChannel } = {
      channel: ch,
      timers: [],
    };
    this.standalone.set(ch.name, entry);
    const onAnswer = () => {
      if (!this.channels.has(ch.name)) return;
      this.newstate(ch, 6);
      this.propagateEndpoint(endpoint, 'device-first');
      // Originate to an extension (click-to-call) dials out; the far end is not modelled as a channel
      const dialOut = !req.application && !!req.exten;
      const app = dialOut ? 'Dial' : (req.application ?? 'Wait');
      const data = dialOut ? `PJSIP/${req.exten}@trunk` : (req.data ?? '');
      const target: AmiFields = dialOut
        ? [
            ['Context', req.context ?? 'from-internal'],
            ['Exten', req.exten ?? ''],
          ]
        : [
            ['Application', app],
            ['Data', data],
          ];
      this.originateAnswered(req, ch, target);
      if (req.application?.toLowerCase() === 'chanspy') this.startSpy(entry, data);
      else {
        this.newexten(ch, app, data);
        const waitSeconds = dialOut
          ? this.phone.talkSeconds(`PJSIP/${endpoint}`)
          : Number(data.split(',')[0]);
        if ((dialOut || app.toLowerCase() === 'wait') && waitSeconds > 0)
          entry.timers.push(this.after(waitSeconds, () => this.endStandalone(ch.name, 16)));
      }
    };
    const contact = this.contacts.get(endpoint);
    if (contact?.ws && this.sipPort) {
      entry.sip = this.sipPort.invite(
        { endpoint, callerNumber: cid.num, callerName: cid.name },
        { ringing: () => undefined, answered: onAnswer, ended: () => this.endStandalone(ch.name, 16, true) },
      );
    } else {
      entry.timers.push(this.after(this.phone.ringSeconds(`PJSIP/${endpoint}`) ?? 2, onAnswer));
    }
  }

  private startSpy(entry: { channel: SimChannel; spying?: SimChannel }, data: string): void {
    const target = data.split(',')[0];
    const ch = entry.channel;
    this.newexten(ch, 'ChanSpy', data);
    const spyee = [...this.channels.values()].find((c) => c.name.startsWith(`${target}-`) && c.state === 6);
    if (!spyee) return;
    entry.spying = spyee;
    this.emit([
      ['Event', 'ChanSpyStart'],
      ['Privilege', 'call,all'],
      ...channelBlock(ch, 'Spyer'),
      ...channelBlock(spyee, 'Spyee'),
    ]);
  }

  private endStandalone(name: string, cause: number, fromSip = false): void {
    const entry = this.standalone.get(name);
    if (!entry) return;
    this.standalone.delete(name);
    for (const t of entry.timers) t.cancel();
    if (!fromSip) entry.sip?.hangup();
    const ch = entry.channel;
    if (entry.spying)
      this.emit([
        ['Event', 'ChanSpyStop'],
        ['Privilege', 'call,all'],
        ...channelBlock(ch, 'Spyer'),
        ...channelBlock(entry.spying, 'Spyee'),
      ]);
    this.chanEvent('HangupRequest', ch, 'call,all', [['Cause', String(cause)]]);
    this.hangupEvents(ch, cause, 'Normal Clearing');
    this.propagateEndpoint(ch.endpoint as string, 'device-first');
  }
}
