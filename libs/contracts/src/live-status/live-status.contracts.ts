/**
 * Live state kept in Redis and served under /api/queue-status.
 * Field names are part of the public API: dashboards and other services read them.
 */

/** Queue member device status, from Asterisk's `Status` codes 0..8 (app_queue / devicestate.h). */
export const MEMBER_STATUSES = [
  'UNKNOWN', // 0
  'NOT_INUSE', // 1
  'INUSE', // 2
  'BUSY', // 3
  'INVALID', // 4
  'UNAVAILABLE', // 5
  'RINGING', // 6
  'RINGINUSE', // 7
  'ONHOLD', // 8
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Channel state, from Asterisk's `ChannelState` codes 0..10 (channelstate.h). */
export const CHANNEL_STATES = [
  'DOWN', // 0
  'RSRVD', // 1
  'OFFHOOK', // 2
  'DIALING', // 3
  'RING', // 4
  'RINGING', // 5
  'UP', // 6
  'BUSY', // 7
  'DIALING_OFFHOOK', // 8
  'PRERING', // 9
  'MUTE', // 10
] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

export type Membership = 'static' | 'dynamic' | 'realtime';

export interface CurrentCall {
  /** Caller channel name (the queue caller, e.g. `Local/500@from-external-00000001;2`). */
  channel: string;
  /** Caller number (CallerIDNum). */
  caller: string;
  /** ISO-8601 time the agent was connected. */
  since: string;
}

/**
 * A queue member. `id` is the memberId: `{queue}:{interface}`, e.g. `sales:PJSIP/1001`
 * (URL-encode it in paths). Stable across restarts because both parts are Asterisk configuration.
 */
export interface OperatorStatusData {
  id: string;
  name: string;
  interface: string;
  queue: string;
  status: MemberStatus;
  paused: boolean;
  pausedReason: string;
  inCall: boolean;
  currentCall: CurrentCall | null;
  /** ISO-8601 time of the last completed call, or null. */
  lastCallAt: string | null;
  callsTaken: number;
  penalty: number;
  membership: Membership;
  updatedAt: string;
}

export interface ChannelStatusData {
  /** Asterisk Uniqueid. */
  id: string;
  name: string;
  state: ChannelState;
  callerId: string;
  connectedLine: string;
  extension: string;
  context: string;
  linkedId: string;
  bridgeId: string | null;
  /** Queue the channel waits in or was connected from, if any. */
  queue: string | null;
  /** ISO-8601. */
  startedAt: string;
  /** Seconds since startedAt at the time of the last update. */
  duration: number;
}

export interface QueueCallerData {
  uniqueid: string;
  channel: string;
  callerId: string;
  callerName: string;
  position: number;
  /** ISO-8601 time the caller joined the queue. */
  joinedAt: string;
}

export interface QueueStatusData {
  name: string;
  strategy: string | null;
  totalMembers: number;
  available: number;
  busy: number;
  paused: number;
  unavailable: number;
  callersWaiting: number;
  /**
   * How long the longest-waiting caller had waited **as of `updatedAt`** (the entry is rewritten on
   * changes, not every second). For a wait that keeps counting, use `oldestCallerJoinedAt`.
   */
  longestWaitSec: number;
  /** ISO-8601 time the longest-waiting caller joined the queue, null when nobody waits: now − this = live wait. */
  oldestCallerJoinedAt: string | null;
  completed: number;
  abandoned: number;
  /** Percentage of answered calls within the service-level threshold, 0..100. */
  serviceLevelPct: number;
  callers: QueueCallerData[];
  updatedAt: string;
}

export type LiveStateSource = 'redis' | 'db';

export interface LiveStatusSnapshot {
  source: LiveStateSource;
  operators: OperatorStatusData[];
  channels: ChannelStatusData[];
  queues: QueueStatusData[];
  takenAt: string;
}

/** Reads that may come from the Postgres fallback say where they came from. */
export interface SourcedList<T> {
  source: LiveStateSource;
  items: T[];
}

export interface SourcedItem<T> {
  source: LiveStateSource;
  item: T;
}

export type LiveEntityKind = 'operator' | 'channel' | 'queue';

/**
 * One change of the live state, as the in-process stream (and later the realtime gateway) carries it.
 * `version` grows with every change, so a consumer can drop anything older than what it holds.
 */
export type LiveStatusChange =
  | { kind: 'operator'; op: 'upsert'; id: string; version: number; value: OperatorStatusData }
  | { kind: 'channel'; op: 'upsert'; id: string; version: number; value: ChannelStatusData }
  | { kind: 'queue'; op: 'upsert'; id: string; version: number; value: QueueStatusData }
  | { kind: LiveEntityKind; op: 'remove'; id: string; version: number };

/** Postgres vs Redis vs Asterisk, as `GET /api/queue-status/sync/status` reports it. */
export interface SyncDifference {
  /** `queue` or `member`. */
  entity: 'queue' | 'member';
  /** Queue name, or memberId `{queue}:{interface}`. */
  id: string;
  /** Where it is missing / extra / different, e.g. `missing-in-redis`, `extra-in-asterisk`, `different`. */
  kind: 'missing' | 'extra' | 'different';
  /** The side compared with Postgres (the source of truth for configuration). */
  against: 'redis' | 'asterisk';
  /** For `different`: field -> [postgres, other]. */
  fields?: Record<string, [unknown, unknown]>;
}

export interface SyncStatus {
  checkedAt: string;
  inSync: boolean;
  postgres: { queues: number; members: number };
  redis: { queues: number; members: number; available: boolean };
  asterisk: { queues: number; members: number; available: boolean };
  differences: SyncDifference[];
}

export interface ResyncResult {
  queues: number;
  members: number;
  rebuiltFromAsterisk: boolean;
}

/** What `POST /api/queue-status/sync/import` changed in Postgres (all zero when it already matched). */
export interface QueueConfigImportResult {
  queuesCreated: number;
  queuesUpdated: number;
  membersCreated: number;
  membersUpdated: number;
  membersRemoved: number;
  /** Queues Postgres has and Asterisk does not report: left as they are. */
  queuesOnlyInPostgres: string[];
}
