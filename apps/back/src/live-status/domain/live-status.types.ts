import type {
  ChannelStatusData,
  MemberStatus,
  OperatorStatusData,
  QueueCallerData,
  QueueStatusData,
} from '@cc/contracts';

/**
 * One queue as the reducer keeps it: the public entity plus the counters it is derived from.
 * `value` is replaced (never mutated) whenever it changes, so a change can hand it out safely.
 */
export interface QueueRecord {
  name: string;
  strategy: string | null;
  completed: number;
  abandoned: number;
  /** Answered calls whose hold time was within `serviceLevelSec` (Asterisk's callscompletedinsl). */
  completedInServiceLevel: number;
  /** QueueParams `ServiceLevel`; 0 until known, which is also Asterisk's default. */
  serviceLevelSec: number;
  /** Latest ServicelevelPerf from a QueueParams, used until an event recounts (keeps Asterisk's rounding). */
  serviceLevelPctFromParams: number | null;
  callers: Map<string, QueueCallerData>;
  value: QueueStatusData | null;
}

export interface EndpointRecord {
  /** ContactStatus / ContactList `Status` per contact URI (NonQualified, Reachable, Unreachable...). */
  contacts: Map<string, string>;
  /** PeerStatus `PeerStatus` (Reachable, Unreachable, Registered...), null until seen. */
  peerStatus: string | null;
}

export interface LiveStateStats {
  /** Events that changed or confirmed state. */
  applied: number;
  /** Events (and stray responses) the reducer does not use: dialplan noise, unknown names. */
  ignored: number;
  /** Ignored count per event name, at most MAX_TRACKED_IGNORED_NAMES keys, `(other)` included. */
  ignoredByEvent: Map<string, number>;
}

export type RebuildReason = 'shutdown' | 'fully-booted' | 'reload';

/**
 * Mutable live state. applyAmiEvent mutates the maps in place for speed; the entity objects inside
 * them are immutable values (a change replaces them), so consumers may keep references.
 */
export interface LiveState {
  readonly operators: Map<string, OperatorStatusData>;
  readonly channels: Map<string, ChannelStatusData>;
  readonly queues: Map<string, QueueRecord>;
  /** Last known AST_DEVICE state per device name (`PJSIP/1001`), `Queue:*` pseudo-devices excluded. */
  readonly devices: Map<string, MemberStatus>;
  readonly endpoints: Map<string, EndpointRecord>;
  /** Indexes kept in step with `operators` and `channels`. */
  readonly memberStateInterface: Map<string, string>;
  readonly membersByQueue: Map<string, Set<string>>;
  readonly membersByInterface: Map<string, Set<string>>;
  readonly membersByStateInterface: Map<string, Set<string>>;
  /** Caller and agent channel Uniqueid of a connected queue call -> memberId. */
  readonly memberByCallUniqueid: Map<string, string>;
  readonly channelsByBridge: Map<string, Set<string>>;
  /** Last version handed out; every change takes the next one, so versions grow per entity too. */
  version: number;
  /** Set by Shutdown/FullyBooted/Reload: the state may have missed events and must be rebuilt from lists. */
  rebuildRequired: boolean;
  rebuildReason: RebuildReason | null;
  /** When buildStateFromLists made this state (its `now`); null for a state grown from events. */
  builtAt: Date | null;
  readonly stats: LiveStateStats;
  /** Scratch set reused by every applyAmiEvent call (queues whose aggregates must be recomputed). */
  readonly dirtyQueues: Set<string>;
}

/** Every operator, channel and queue at once: what a rebuild produces and the store's replaceAll writes. */
export interface LiveStatusContent {
  operators: readonly OperatorStatusData[];
  channels: readonly ChannelStatusData[];
  queues: readonly QueueStatusData[];
}

/**
 * The version of a change that does not come from the reducer (configuration seed, an administrator's
 * REST write). The store trusts the order of writes, not versions; only the change stream uses them.
 */
export const UNVERSIONED = 0;

export const MAX_TRACKED_IGNORED_NAMES = 64;

/**
 * `versionBase` lets the caller keep versions monotonic across process restarts (e.g. pass
 * `Date.now() * 1000`): the realtime stream can then drop anything older than what it has.
 */
export function createLiveState(versionBase = 0): LiveState {
  return {
    operators: new Map(),
    channels: new Map(),
    queues: new Map(),
    devices: new Map(),
    endpoints: new Map(),
    memberStateInterface: new Map(),
    membersByQueue: new Map(),
    membersByInterface: new Map(),
    membersByStateInterface: new Map(),
    memberByCallUniqueid: new Map(),
    channelsByBridge: new Map(),
    version: versionBase,
    rebuildRequired: false,
    rebuildReason: null,
    builtAt: null,
    stats: { applied: 0, ignored: 0, ignoredByEvent: new Map() },
    dirtyQueues: new Set(),
  };
}

export function memberIdOf(queue: string, iface: string): string {
  return `${queue}:${iface}`;
}

export function createQueueRecord(name: string): QueueRecord {
  return {
    name,
    strategy: null,
    completed: 0,
    abandoned: 0,
    completedInServiceLevel: 0,
    serviceLevelSec: 0,
    serviceLevelPctFromParams: null,
    callers: new Map(),
    value: null,
  };
}
