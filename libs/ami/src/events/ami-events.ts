import type { AmiMessage } from '../ami-message';

/*
 * AMI events as typed objects: the back end's features see these, never raw frames. Each carries the
 * Asterisk event name in `type` and only the fields features use, already parsed (numbers as numbers,
 * booleans as booleans). The live-state reducer keeps reading frames through its own input adapter,
 * because it needs nearly every header.
 *
 * Field names and meanings are checked against the Asterisk 22.10.1 transcripts in fixtures/ami and
 * against Asterisk 22.10.1's own event documentation (the `<managerEvent>` blocks of apps/app_queue.c,
 * main/manager_channels.c, main/manager_bridges.c, main/stasis_bridges.c, main/stasis_endpoints.c,
 * main/manager.c). Where they disagree the transcripts win (for example PeerStatus `Reachable`, which
 * the documentation's enum does not list).
 *
 * Decoding rules, the same for every event:
 * - A missing text header decodes as '' and a missing or non-numeric number as 0, so a frame from an
 *   older or newer Asterisk never throws; features treat '' ids as "unknown".
 * - Asterisk writes `<unknown>` for an empty caller id or connected line (manager_channels.c,
 *   ast_manager_build_channel_state_string_prefix: `S_OR(..., "<unknown>")`); it decodes as ''.
 * - Durations are whole seconds unless the name says otherwise (`ringTimeMs`); times are epoch seconds.
 */

/**
 * A channel as Asterisk describes it in every call event (`<channel_snapshot/>` in Asterisk's docs;
 * the same headers with a prefix such as `Dest` for the second channel of the event).
 */
export interface AmiChannelSnapshot {
  /** `PJSIP/1001-00000000`, `Local/500@from-external-00000001;2`. */
  name: string;
  /** Numeric channel state: 0 Down, 4 Ring, 5 Ringing, 6 Up (`ChannelState`). */
  state: number;
  /** Unique id of this channel (`<epoch>.<seq>` without `systemname`). */
  uniqueid: string;
  /** Uniqueid of the channel that started the call: the same on every channel of one call. */
  linkedid: string;
  callerIdNum: string;
  callerIdName: string;
  /** The other party as this channel sees it (the agent for a caller, the caller for an agent). */
  connectedLineNum: string;
  connectedLineName: string;
  /** Dialplan position: context and extension. */
  context: string;
  exten: string;
}

/**
 * The member fields app_queue sends with QueueMemberStatus, QueueMemberPause, QueueMemberAdded,
 * QueueMemberRemoved and QueueMemberPenalty (one documented parameter list in app_queue.c).
 */
export interface AmiQueueMemberFields {
  queue: string;
  memberName: string;
  /** `PJSIP/1001`, `Local/agent1@agents/n`: the member as QueuePause/QueueAdd name it. */
  interface: string;
  /** The device whose state Asterisk follows for this member (`StateInterface`). */
  stateInterface: string;
  /** `static` (queues.conf), `dynamic` (QueueAdd/AddQueueMember) or `realtime`. */
  membership: string;
  penalty: number;
  callsTaken: number;
  /** Epoch seconds of the end of the last call, 0 if none. */
  lastCall: number;
  /** Epoch seconds of the last pause, 0 if never paused. */
  lastPause: number;
  /** Epoch seconds when the member was added (or Asterisk loaded it). */
  loginTime: number;
  /** True while the member is on a queue call (false again once LastCall is updated). */
  inCall: boolean;
  /**
   * Numeric device state: 0 unknown, 1 not in use, 2 in use, 3 busy, 4 invalid, 5 unavailable,
   * 6 ringing, 7 ringing while in use, 8 on hold.
   */
  status: number;
  paused: boolean;
  /** The reason given with the pause ('' when none or when unpaused). */
  pausedReason: string;
  /** Whether the member may be rung while already in use (`Ringinuse`). */
  ringInUse: boolean;
  /** The member's own wrap-up time in seconds; 0 means the queue's `wrapuptime` applies. */
  wrapupTime: number;
}

/** The caller's channel, the agent's channel and the member, as the queue's Agent* events carry them. */
export interface AmiQueueAgentFields {
  /** The caller's channel (the one running Queue()). */
  channel: AmiChannelSnapshot;
  /** The member's channel being rung or connected (`Dest*` headers). */
  agentChannel: AmiChannelSnapshot;
  queue: string;
  interface: string;
  memberName: string;
}

// ---------------------------------------------------------------------------------------------------
// Endpoints and devices

/** res_pjsip ContactStatus: a contact of an AOR was created, removed, or changed reachability. */
export interface ContactStatusEvent {
  type: 'ContactStatus';
  /** `1001` (the AOR). */
  aor: string;
  endpointName: string;
  uri: string;
  /**
   * Created, Removed, Reachable, Unreachable, NonQualified, Unknown, Updated. A new registration is
   * reported NonQualified first, then Reachable after the first qualify (fixtures/ami/README.md).
   */
  contactStatus: string;
  /** Qualify round trip in microseconds, 0 when not qualified. */
  roundtripUsec: number;
}

/** Core DeviceStateChange for a device such as `PJSIP/1001` (also each item of DeviceStateList). */
export interface DeviceStateChangeEvent {
  type: 'DeviceStateChange';
  /** `PJSIP/1001`, and pseudo-devices such as `Queue:sales_pause_PJSIP/1001`. */
  device: string;
  /** NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD, UNKNOWN. */
  state: string;
}

/** Channel driver reachability of a peer (stasis_endpoints.c). */
export interface PeerStatusEvent {
  type: 'PeerStatus';
  /** `PJSIP`. */
  channelType: string;
  /** `PJSIP/1001`. */
  peer: string;
  /** Reachable, Unreachable (seen with PJSIP), Registered, Unregistered, Rejected, Lagged, Unknown. */
  peerStatus: string;
  /** Free text explaining the change, '' when absent. */
  cause: string;
}

/** One item of PJSIPShowRegistrationInboundContactStatuses: a registered contact and its qualify status. */
export interface ContactStatusDetailEvent {
  type: 'ContactStatusDetail';
  aor: string;
  endpointName: string;
  uri: string;
  /** Reachable, Unreachable, NonQualified, Unknown. */
  status: string;
  userAgent: string;
  /** Epoch seconds when the registration expires. */
  regExpire: number;
  roundtripUsec: number;
}

/** One item of PJSIPShowContacts. */
export interface ContactListEvent {
  type: 'ContactList';
  endpoint: string;
  uri: string;
  /** Reachable, Unreachable, NonQualified, Unknown. */
  status: string;
  userAgent: string;
  /** Epoch seconds when the registration expires. */
  expirationTime: number;
  roundtripUsec: number;
}

/** One item of PJSIPShowEndpoints. */
export interface EndpointListEvent {
  type: 'EndpointList';
  /** The endpoint's name (`1001`). */
  endpoint: string;
  aor: string;
  /** Human-readable device state: `Not in use`, `In use`, `Unavailable`, `Ringing`… */
  deviceState: string;
  activeChannels: number;
}

/** One item of the Agents action: an app_agent_pool agent (agents.conf), not a queue member. */
export interface AgentsEvent {
  type: 'Agents';
  /** The agent id (`7001`). */
  agent: string;
  name: string;
  /** AGENT_LOGGEDOFF, AGENT_IDLE, AGENT_ONCALL (app_agent_pool.c action_agents). */
  status: string;
}

// ---------------------------------------------------------------------------------------------------
// Channels, dials, bridges

/** A channel was created. */
export interface NewchannelEvent {
  type: 'Newchannel';
  channel: AmiChannelSnapshot;
}

/** A channel changed state; `channel.state` 6 (Up) is the moment it was answered. */
export interface NewstateEvent {
  type: 'Newstate';
  channel: AmiChannelSnapshot;
}

/** A channel is gone. */
export interface HangupEvent {
  type: 'Hangup';
  channel: AmiChannelSnapshot;
  /** Q.850 cause: 16 normal clearing, 17 busy, 19 no answer, 21 rejected, 0 unknown. */
  cause: number;
  /** `Normal Clearing`… (`Cause-txt`). */
  causeText: string;
}

/** A dial attempt started (app_dial, app_queue ringing a member, or an Originate). */
export interface DialBeginEvent {
  type: 'DialBegin';
  /** The dialling channel; null when nothing dialled it (an Originate's outgoing channel). */
  channel: AmiChannelSnapshot | null;
  /** The channel being dialled (`Dest*` headers). */
  destChannel: AmiChannelSnapshot;
  /** `PJSIP/1001`, `500@from-external`. */
  dialString: string;
}

/** A dial attempt ended. */
export interface DialEndEvent {
  type: 'DialEnd';
  channel: AmiChannelSnapshot | null;
  destChannel: AmiChannelSnapshot;
  /** ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, ABORT, CONTINUE, GOTO. */
  dialStatus: string;
}

/** A channel entered a bridge: the two parties of a call are talking once both have. */
export interface BridgeEnterEvent {
  type: 'BridgeEnter';
  bridgeUniqueid: string;
  /** `basic` for a two-party call. */
  bridgeType: string;
  /** Channels in the bridge after this one entered. */
  bridgeNumChannels: number;
  channel: AmiChannelSnapshot;
  /** Uniqueid of the channel this one replaces (a Local channel optimised away), '' when none. */
  swapUniqueid: string;
}

export interface BridgeLeaveEvent {
  type: 'BridgeLeave';
  bridgeUniqueid: string;
  bridgeType: string;
  /** Channels left in the bridge after this one left. */
  bridgeNumChannels: number;
  channel: AmiChannelSnapshot;
}

/** A channel was put on hold (by its phone, e.g. a re-INVITE with sendonly). */
export interface HoldEvent {
  type: 'Hold';
  channel: AmiChannelSnapshot;
  /** The suggested music-on-hold class, '' when none. */
  musicClass: string;
}

export interface UnholdEvent {
  type: 'Unhold';
  channel: AmiChannelSnapshot;
}

/** A channel listed by CoreShowChannels. */
export interface CoreShowChannelEvent {
  type: 'CoreShowChannel';
  channel: AmiChannelSnapshot;
  /** The dialplan application running (`Queue`, `Dial`, `AppDial`, `ChanSpy`…). */
  application: string;
  applicationData: string;
  /** Seconds since the channel was created (Asterisk sends `HH:MM:SS`). */
  durationSec: number;
  /** The bridge the channel is in, '' when none. */
  bridgeId: string;
}

// ---------------------------------------------------------------------------------------------------
// Transfers (main/stasis_bridges.c)

/** A blind transfer: `transferer` sent `transferee` to `context`/`extension`. */
export interface BlindTransferEvent {
  type: 'BlindTransfer';
  /** Success, Fail, Invalid, Not Permitted. */
  result: string;
  transferer: AmiChannelSnapshot;
  /** Null when Asterisk had no single transferee (e.g. a multi-party bridge). */
  transferee: AmiChannelSnapshot | null;
  /** The bridge the transferer was in, '' when none. */
  bridgeUniqueid: string;
  /** True when the transfer came from the phone (SIP REFER) rather than a DTMF feature. */
  isExternal: boolean;
  context: string;
  extension: string;
}

/** An attended transfer: the transferer joined the first call's party with the second call's. */
export interface AttendedTransferEvent {
  type: 'AttendedTransfer';
  /** Success, Fail, Invalid, Not Permitted. */
  result: string;
  /** The transferer's channel in the first call (the one talking to the transferee). */
  origTransferer: AmiChannelSnapshot;
  origBridgeUniqueid: string;
  /** The transferer's channel in the second call (the one talking to the target). */
  secondTransferer: AmiChannelSnapshot;
  secondBridgeUniqueid: string;
  transferee: AmiChannelSnapshot | null;
  transferTarget: AmiChannelSnapshot | null;
  isExternal: boolean;
  /** Bridge, App, Link, Threeway, Fail: how Asterisk joined the parties. */
  destType: string;
  /** The resulting bridge for `Bridge` and `Threeway`, else ''. */
  destBridgeUniqueid: string;
  /** The application for `App`, else ''. */
  destApp: string;
}

// ---------------------------------------------------------------------------------------------------
// Queues (apps/app_queue.c)

/** A caller entered a queue. */
export interface QueueCallerJoinEvent {
  type: 'QueueCallerJoin';
  channel: AmiChannelSnapshot;
  queue: string;
  /** 1-based position in the queue. */
  position: number;
  /** Callers in the queue after this one joined. */
  count: number;
}

/** A caller left a queue for any reason: connected, abandoned, timed out, or left by an option. */
export interface QueueCallerLeaveEvent {
  type: 'QueueCallerLeave';
  channel: AmiChannelSnapshot;
  queue: string;
  position: number;
  /** Callers left in the queue. */
  count: number;
}

/** The caller hung up while waiting (followed by QueueCallerLeave); app_queue.c record_abandoned. */
export interface QueueCallerAbandonEvent {
  type: 'QueueCallerAbandon';
  channel: AmiChannelSnapshot;
  queue: string;
  position: number;
  originalPosition: number;
  /** Seconds the caller waited (the docs say an epoch; the code sends `time(NULL) - qe->start`). */
  holdTime: number;
}

/** A member is being rung for a caller. */
export interface AgentCalledEvent extends AmiQueueAgentFields {
  type: 'AgentCalled';
}

/** The member answered and is bridged to the caller. */
export interface AgentConnectEvent extends AmiQueueAgentFields {
  type: 'AgentConnect';
  /** Seconds the caller waited in the queue before this member answered. */
  holdTime: number;
  /** Seconds this member rang. */
  ringTime: number;
}

/** The member's call with the caller ended. */
export interface AgentCompleteEvent extends AmiQueueAgentFields {
  type: 'AgentComplete';
  holdTime: number;
  /** Seconds the member and caller were connected. */
  talkTime: number;
  /** Who ended it: `caller`, `agent` or `transfer`. */
  reason: string;
}

/** The member was rung and did not answer before the queue's timeout (or rejected the call). */
export interface AgentRingNoAnswerEvent extends AmiQueueAgentFields {
  type: 'AgentRingNoAnswer';
  /** Milliseconds the member rang: app_queue.c rna() logs `Nobody picked up in %d ms` with it. */
  ringTimeMs: number;
}

/** A member's device or call state changed. */
export interface QueueMemberStatusEvent extends AmiQueueMemberFields {
  type: 'QueueMemberStatus';
}

/** A member was paused or unpaused (QueuePause, PauseQueueMember, a feature code, the CLI). */
export interface QueueMemberPauseEvent extends AmiQueueMemberFields {
  type: 'QueueMemberPause';
}

export interface QueueMemberAddedEvent extends AmiQueueMemberFields {
  type: 'QueueMemberAdded';
}

export interface QueueMemberRemovedEvent extends AmiQueueMemberFields {
  type: 'QueueMemberRemoved';
}

export interface QueueMemberPenaltyEvent extends AmiQueueMemberFields {
  type: 'QueueMemberPenalty';
}

/**
 * One member listed by QueueStatus. Asterisk names two fields differently here than in the
 * QueueMember* events (`Name` for MemberName, `Location` for Interface) and sends no `Ringinuse`;
 * they decode into the same names, with `ringInUse` false.
 */
export interface QueueMemberEvent extends AmiQueueMemberFields {
  type: 'QueueMember';
}

/** One waiting caller listed by QueueStatus. */
export interface QueueEntryEvent {
  type: 'QueueEntry';
  queue: string;
  position: number;
  /** The caller's channel name. */
  channel: string;
  uniqueid: string;
  callerIdNum: string;
  callerIdName: string;
  /** Seconds waited so far. */
  wait: number;
}

// ---------------------------------------------------------------------------------------------------
// Originate and system

/** The outcome of an asynchronous Originate (main/manager.c fast_originate). */
export interface OriginateResponseEvent {
  type: 'OriginateResponse';
  /** The Originate's ActionID: how the answer finds its request. */
  actionId: string;
  /** `Response: Success`; false for `Failure`. */
  success: boolean;
  /** The channel created, or the one requested when none was. */
  channel: string;
  /** Uniqueid of the created channel ('' when none was created). */
  uniqueid: string;
  /** Set when the Originate ran an application, else ''. */
  application: string;
  data: string;
  /** Set when the Originate went to dialplan, else ''. */
  context: string;
  exten: string;
  /**
   * How the outgoing leg ended (an AST_CONTROL code): 4 answered, 5 busy, 8 congestion,
   * 3 ringing (no answer before the timeout), 1 hung up, 0 no such channel / failed to dial.
   */
  reason: number;
  callerIdNum: string;
  callerIdName: string;
}

/** Asterisk finished starting (also sent to each new AMI session once it is up). */
export interface FullyBootedEvent {
  type: 'FullyBooted';
  /** Seconds since Asterisk started. */
  uptime: number;
  /** Seconds since the last reload. */
  lastReload: number;
}

export type AmiEvent =
  | AgentCalledEvent
  | AgentCompleteEvent
  | AgentConnectEvent
  | AgentRingNoAnswerEvent
  | AgentsEvent
  | AttendedTransferEvent
  | BlindTransferEvent
  | BridgeEnterEvent
  | BridgeLeaveEvent
  | ContactListEvent
  | ContactStatusDetailEvent
  | ContactStatusEvent
  | CoreShowChannelEvent
  | DeviceStateChangeEvent
  | DialBeginEvent
  | DialEndEvent
  | EndpointListEvent
  | FullyBootedEvent
  | HangupEvent
  | HoldEvent
  | NewchannelEvent
  | NewstateEvent
  | OriginateResponseEvent
  | PeerStatusEvent
  | QueueCallerAbandonEvent
  | QueueCallerJoinEvent
  | QueueCallerLeaveEvent
  | QueueEntryEvent
  | QueueMemberAddedEvent
  | QueueMemberEvent
  | QueueMemberPauseEvent
  | QueueMemberPenaltyEvent
  | QueueMemberRemovedEvent
  | QueueMemberStatusEvent
  | UnholdEvent;

export type AmiEventType = AmiEvent['type'];

/** The typed event of one `type`: `AmiEventOf<'Hangup'>` is `HangupEvent`. */
export type AmiEventOf<T extends AmiEventType> = Extract<AmiEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------------
// Decoding

function text(frame: AmiMessage, key: string): string {
  return frame[key] ?? '';
}

function num(frame: AmiMessage, key: string): number {
  const raw = frame[key];
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  return Number.isFinite(value) ? value : 0;
}

// Asterisk writes booleans as 1/0 (queue members), Yes/No (transfers) or true/false (pjsip lists).
function flag(frame: AmiMessage, key: string): boolean {
  const raw = frame[key];
  return raw === '1' || raw === 'Yes' || raw === 'yes' || raw === 'true';
}

function party(frame: AmiMessage, key: string): string {
  const raw = frame[key];
  return raw === undefined || raw === '<unknown>' ? '' : raw;
}

interface SnapshotKeys {
  readonly name: string;
  readonly state: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedLineNum: string;
  readonly connectedLineName: string;
  readonly context: string;
  readonly exten: string;
}

// Header names per prefix, built once so decoding does no string concatenation.
function snapshotKeys(prefix: string): SnapshotKeys {
  return {
    name: prefix + 'Channel',
    state: prefix + 'ChannelState',
    uniqueid: prefix + 'Uniqueid',
    linkedid: prefix + 'Linkedid',
    callerIdNum: prefix + 'CallerIDNum',
    callerIdName: prefix + 'CallerIDName',
    connectedLineNum: prefix + 'ConnectedLineNum',
    connectedLineName: prefix + 'ConnectedLineName',
    context: prefix + 'Context',
    exten: prefix + 'Exten',
  };
}

const CHANNEL = snapshotKeys('');
const DEST = snapshotKeys('Dest');
const TRANSFERER = snapshotKeys('Transferer');
const TRANSFEREE = snapshotKeys('Transferee');
const ORIG_TRANSFERER = snapshotKeys('OrigTransferer');
const SECOND_TRANSFERER = snapshotKeys('SecondTransferer');
const TRANSFER_TARGET = snapshotKeys('TransferTarget');

function snapshot(frame: AmiMessage, keys: SnapshotKeys): AmiChannelSnapshot {
  return {
    name: text(frame, keys.name),
    state: num(frame, keys.state),
    uniqueid: text(frame, keys.uniqueid),
    linkedid: text(frame, keys.linkedid),
    callerIdNum: party(frame, keys.callerIdNum),
    callerIdName: party(frame, keys.callerIdName),
    connectedLineNum: party(frame, keys.connectedLineNum),
    connectedLineName: party(frame, keys.connectedLineName),
    context: text(frame, keys.context),
    exten: text(frame, keys.exten),
  };
}

// Asterisk leaves a snapshot out when it has none (an Originate's DialBegin has no caller channel).
function optionalSnapshot(frame: AmiMessage, keys: SnapshotKeys): AmiChannelSnapshot | null {
  return frame[keys.name] === undefined ? null : snapshot(frame, keys);
}

function memberFields(frame: AmiMessage, nameKey: string, interfaceKey: string): AmiQueueMemberFields {
  return {
    queue: text(frame, 'Queue'),
    memberName: text(frame, nameKey),
    interface: text(frame, interfaceKey),
    stateInterface: text(frame, 'StateInterface'),
    membership: text(frame, 'Membership'),
    penalty: num(frame, 'Penalty'),
    callsTaken: num(frame, 'CallsTaken'),
    lastCall: num(frame, 'LastCall'),
    lastPause: num(frame, 'LastPause'),
    loginTime: num(frame, 'LoginTime'),
    inCall: flag(frame, 'InCall'),
    status: num(frame, 'Status'),
    paused: flag(frame, 'Paused'),
    pausedReason: text(frame, 'PausedReason'),
    ringInUse: flag(frame, 'Ringinuse'),
    wrapupTime: num(frame, 'Wrapuptime'),
  };
}

function agentFields(frame: AmiMessage): AmiQueueAgentFields {
  return {
    channel: snapshot(frame, CHANNEL),
    agentChannel: snapshot(frame, DEST),
    queue: text(frame, 'Queue'),
    interface: text(frame, 'Interface'),
    memberName: text(frame, 'MemberName'),
  };
}

// `HH:MM:SS` (CoreShowChannel Duration) to seconds.
function clockSeconds(raw: string): number {
  let total = 0;
  for (const part of raw.split(':')) {
    const value = Number(part);
    if (!Number.isFinite(value)) return 0;
    total = total * 60 + value;
  }
  return total;
}

type Decoder = (frame: AmiMessage) => AmiEvent;

// A mapped type, so each entry must return the event its key names.
const DECODERS: { readonly [K in AmiEventType]: (frame: AmiMessage) => AmiEventOf<K> } = {
  ContactStatus: (f) => ({
    type: 'ContactStatus',
    aor: text(f, 'AOR'),
    endpointName: text(f, 'EndpointName'),
    uri: text(f, 'URI'),
    contactStatus: text(f, 'ContactStatus'),
    roundtripUsec: num(f, 'RoundtripUsec'),
  }),
  DeviceStateChange: (f) => ({
    type: 'DeviceStateChange',
    device: text(f, 'Device'),
    state: text(f, 'State'),
  }),
  PeerStatus: (f) => ({
    type: 'PeerStatus',
    channelType: text(f, 'ChannelType'),
    peer: text(f, 'Peer'),
    peerStatus: text(f, 'PeerStatus'),
    cause: text(f, 'Cause'),
  }),
  ContactStatusDetail: (f) => ({
    type: 'ContactStatusDetail',
    aor: text(f, 'AOR'),
    endpointName: text(f, 'EndpointName'),
    uri: text(f, 'URI'),
    status: text(f, 'Status'),
    userAgent: text(f, 'UserAgent'),
    regExpire: num(f, 'RegExpire'),
    roundtripUsec: num(f, 'RoundtripUsec'),
  }),
  ContactList: (f) => ({
    type: 'ContactList',
    endpoint: text(f, 'Endpoint'),
    uri: text(f, 'Uri'),
    status: text(f, 'Status'),
    userAgent: text(f, 'UserAgent'),
    expirationTime: num(f, 'ExpirationTime'),
    roundtripUsec: num(f, 'RoundtripUsec'),
  }),
  EndpointList: (f) => ({
    type: 'EndpointList',
    endpoint: text(f, 'ObjectName'),
    aor: text(f, 'Aor'),
    deviceState: text(f, 'DeviceState'),
    activeChannels: num(f, 'ActiveChannels'),
  }),
  Agents: (f) => ({
    type: 'Agents',
    agent: text(f, 'Agent'),
    name: text(f, 'Name'),
    status: text(f, 'Status'),
  }),
  Newchannel: (f) => ({ type: 'Newchannel', channel: snapshot(f, CHANNEL) }),
  Newstate: (f) => ({ type: 'Newstate', channel: snapshot(f, CHANNEL) }),
  Hangup: (f) => ({
    type: 'Hangup',
    channel: snapshot(f, CHANNEL),
    cause: num(f, 'Cause'),
    causeText: text(f, 'Cause-txt'),
  }),
  DialBegin: (f) => ({
    type: 'DialBegin',
    channel: optionalSnapshot(f, CHANNEL),
    destChannel: snapshot(f, DEST),
    dialString: text(f, 'DialString'),
  }),
  DialEnd: (f) => ({
    type: 'DialEnd',
    channel: optionalSnapshot(f, CHANNEL),
    destChannel: snapshot(f, DEST),
    dialStatus: text(f, 'DialStatus'),
  }),
  BridgeEnter: (f) => ({
    type: 'BridgeEnter',
    bridgeUniqueid: text(f, 'BridgeUniqueid'),
    bridgeType: text(f, 'BridgeType'),
    bridgeNumChannels: num(f, 'BridgeNumChannels'),
    channel: snapshot(f, CHANNEL),
    swapUniqueid: text(f, 'SwapUniqueid'),
  }),
  BridgeLeave: (f) => ({
    type: 'BridgeLeave',
    bridgeUniqueid: text(f, 'BridgeUniqueid'),
    bridgeType: text(f, 'BridgeType'),
    bridgeNumChannels: num(f, 'BridgeNumChannels'),
    channel: snapshot(f, CHANNEL),
  }),
  Hold: (f) => ({ type: 'Hold', channel: snapshot(f, CHANNEL), musicClass: text(f, 'MusicClass') }),
  Unhold: (f) => ({ type: 'Unhold', channel: snapshot(f, CHANNEL) }),
  CoreShowChannel: (f) => ({
    type: 'CoreShowChannel',
    channel: snapshot(f, CHANNEL),
    application: text(f, 'Application'),
    applicationData: text(f, 'ApplicationData'),
    durationSec: clockSeconds(text(f, 'Duration')),
    bridgeId: text(f, 'BridgeId'),
  }),
  BlindTransfer: (f) => ({
    type: 'BlindTransfer',
    result: text(f, 'Result'),
    transferer: snapshot(f, TRANSFERER),
    transferee: optionalSnapshot(f, TRANSFEREE),
    bridgeUniqueid: text(f, 'BridgeUniqueid'),
    isExternal: flag(f, 'IsExternal'),
    context: text(f, 'Context'),
    extension: text(f, 'Extension'),
  }),
  AttendedTransfer: (f) => ({
    type: 'AttendedTransfer',
    result: text(f, 'Result'),
    origTransferer: snapshot(f, ORIG_TRANSFERER),
    origBridgeUniqueid: text(f, 'OrigBridgeUniqueid'),
    secondTransferer: snapshot(f, SECOND_TRANSFERER),
    secondBridgeUniqueid: text(f, 'SecondBridgeUniqueid'),
    transferee: optionalSnapshot(f, TRANSFEREE),
    transferTarget: optionalSnapshot(f, TRANSFER_TARGET),
    isExternal: flag(f, 'IsExternal'),
    destType: text(f, 'DestType'),
    destBridgeUniqueid: text(f, 'DestBridgeUniqueid'),
    destApp: text(f, 'DestApp'),
  }),
  QueueCallerJoin: (f) => ({
    type: 'QueueCallerJoin',
    channel: snapshot(f, CHANNEL),
    queue: text(f, 'Queue'),
    position: num(f, 'Position'),
    count: num(f, 'Count'),
  }),
  QueueCallerLeave: (f) => ({
    type: 'QueueCallerLeave',
    channel: snapshot(f, CHANNEL),
    queue: text(f, 'Queue'),
    position: num(f, 'Position'),
    count: num(f, 'Count'),
  }),
  QueueCallerAbandon: (f) => ({
    type: 'QueueCallerAbandon',
    channel: snapshot(f, CHANNEL),
    queue: text(f, 'Queue'),
    position: num(f, 'Position'),
    originalPosition: num(f, 'OriginalPosition'),
    holdTime: num(f, 'HoldTime'),
  }),
  AgentCalled: (f) => ({ type: 'AgentCalled', ...agentFields(f) }),
  AgentConnect: (f) => ({
    type: 'AgentConnect',
    ...agentFields(f),
    holdTime: num(f, 'HoldTime'),
    ringTime: num(f, 'RingTime'),
  }),
  AgentComplete: (f) => ({
    type: 'AgentComplete',
    ...agentFields(f),
    holdTime: num(f, 'HoldTime'),
    talkTime: num(f, 'TalkTime'),
    reason: text(f, 'Reason'),
  }),
  AgentRingNoAnswer: (f) => ({
    type: 'AgentRingNoAnswer',
    ...agentFields(f),
    ringTimeMs: num(f, 'RingTime'),
  }),
  QueueMemberStatus: (f) => ({ type: 'QueueMemberStatus', ...memberFields(f, 'MemberName', 'Interface') }),
  QueueMemberPause: (f) => ({ type: 'QueueMemberPause', ...memberFields(f, 'MemberName', 'Interface') }),
  QueueMemberAdded: (f) => ({ type: 'QueueMemberAdded', ...memberFields(f, 'MemberName', 'Interface') }),
  QueueMemberRemoved: (f) => ({ type: 'QueueMemberRemoved', ...memberFields(f, 'MemberName', 'Interface') }),
  QueueMemberPenalty: (f) => ({ type: 'QueueMemberPenalty', ...memberFields(f, 'MemberName', 'Interface') }),
  QueueMember: (f) => ({ type: 'QueueMember', ...memberFields(f, 'Name', 'Location') }),
  QueueEntry: (f) => ({
    type: 'QueueEntry',
    queue: text(f, 'Queue'),
    position: num(f, 'Position'),
    channel: text(f, 'Channel'),
    uniqueid: text(f, 'Uniqueid'),
    callerIdNum: party(f, 'CallerIDNum'),
    callerIdName: party(f, 'CallerIDName'),
    wait: num(f, 'Wait'),
  }),
  OriginateResponse: (f) => ({
    type: 'OriginateResponse',
    actionId: text(f, 'ActionID'),
    success: f['Response'] === 'Success',
    channel: text(f, 'Channel'),
    uniqueid: f['Uniqueid'] === '<unknown>' ? '' : text(f, 'Uniqueid'),
    application: text(f, 'Application'),
    data: text(f, 'Data'),
    context: text(f, 'Context'),
    exten: text(f, 'Exten'),
    reason: num(f, 'Reason'),
    callerIdNum: party(f, 'CallerIDNum'),
    callerIdName: party(f, 'CallerIDName'),
  }),
  FullyBooted: (f) => ({ type: 'FullyBooted', uptime: num(f, 'Uptime'), lastReload: num(f, 'LastReload') }),
};

const decoders = new Map<string, Decoder>(Object.entries(DECODERS));

/** The typed event for a frame, or null when it is not an event or no feature uses that event. */
export function decodeAmiEvent(frame: AmiMessage): AmiEvent | null {
  const name = frame['Event'];
  if (name === undefined) return null;
  const decode = decoders.get(name);
  return decode === undefined ? null : decode(frame);
}

/** True when `event` is of `type`; narrows the union without a cast. */
export function isAmiEvent<T extends AmiEventType>(event: AmiEvent, type: T): event is AmiEventOf<T> {
  return event.type === type;
}
