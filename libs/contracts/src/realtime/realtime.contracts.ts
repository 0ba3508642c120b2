/**
 * The realtime gateway's Socket.IO protocol (path `/socket.io`, same port as the REST API): rooms, every
 * event in both directions with its payload, acks and error codes, and the REST bodies other services
 * use to broadcast. `libs/realtime-client` wraps socket.io-client with these maps.
 */
import type { AgentStatusChangedEvent } from '../agent-status/agent-status.contracts';
import type { UserRole } from '../auth/auth.contracts';
import type { CallFacts } from '../calls/calls.contracts';
import type {
  ChannelStatusData,
  LiveEntityKind,
  OperatorStatusData,
  QueueStatusData,
} from '../live-status/live-status.contracts';

export const REALTIME_SOCKET_PATH = '/socket.io';

/** Fixed rooms; `directors` is an alias of `supervisors` kept for clients of the service we replace. */
export const FIXED_ROOMS = ['operators', 'supervisors', 'directors', 'admins', 'live'] as const;
export type FixedRoom = (typeof FIXED_ROOMS)[number];

/** Rooms with a parameter, by prefix: `queue:sales`, `operator:<userId>`, `agent:1001`... */
export const PARAMETERISED_ROOM_KINDS = ['operator', 'agent', 'queue', 'city', 'order'] as const;
export type ParameterisedRoomKind = (typeof PARAMETERISED_ROOM_KINDS)[number];

export type RealtimeRoom = FixedRoom | `${ParameterisedRoomKind}:${string}`;

/** Rooms that answer a join with a snapshot and then stream sequenced live-state changes. */
export type LiveRoom = 'live' | `queue:${string}`;

export function isLiveRoom(room: string): room is LiveRoom {
  return room === 'live' || (room.startsWith('queue:') && room.length > 'queue:'.length);
}

/**
 * Where a live-room message sits in its room's stream. `epoch` grows when the live state is rebuilt
 * or another instance takes over ingestion; `seq` counts messages per room within an epoch, from 1.
 * A client holding seq N expects N + 1 next; a hole or a newer epoch means it must resync; an older
 * epoch is a former publisher still talking, to be ignored.
 */
export interface LiveStreamPosition {
  room: LiveRoom;
  epoch: number;
  seq: number;
}

/**
 * One entity change of a live room, named by the event it stands for. `operator:updated`,
 * `queue:updated`, `channel:updated` carry the entity's whole new value, or — when the room already
 * holds the entity (the client does too: it applies every batch in order) — only the fields that
 * changed (`patch`, to merge into the value it holds). `operator:removed`, `queue:removed`,
 * `channel:removed` say it left the room (or the live state). `version` is the live state's version of
 * that change.
 */
export type LiveRoomChange =
  | { event: 'operator:updated'; version: number; operator: OperatorStatusData }
  | { event: 'operator:updated'; version: number; id: string; patch: Partial<OperatorStatusData> }
  | { event: 'queue:updated'; version: number; queue: QueueStatusData }
  | { event: 'queue:updated'; version: number; id: string; patch: Partial<QueueStatusData> }
  | { event: 'channel:updated'; version: number; channel: ChannelStatusData }
  | { event: 'channel:updated'; version: number; id: string; patch: Partial<ChannelStatusData> }
  | {
      event: 'operator:removed' | 'queue:removed' | 'channel:removed';
      version: number;
      kind: LiveEntityKind;
      id: string;
    };

export type LiveChangeEventName = LiveRoomChange['event'];

/**
 * `live:batch`: every change of one room published by one flush, in order, as one message (one encode
 * and one socket write per client instead of one per change). `seq` numbers the room's batches: the
 * client applies batch N + 1 after N, whole, and resyncs on a hole.
 */
export type LiveBatchMessage = LiveStreamPosition & { changes: LiveRoomChange[] };
/** The stream of a room restarted (a rebuild or a new ingesting instance): fetch a fresh snapshot. */
export type LiveResetMessage = LiveStreamPosition;

/** The live state of one room at `seq`: the answer to a join of a live room and to `resync`. */
export interface LiveRoomSnapshot extends LiveStreamPosition {
  operators: OperatorStatusData[];
  channels: ChannelStatusData[];
  queues: QueueStatusData[];
  /** ISO-8601. */
  takenAt: string;
}

export interface ConnectedPayload {
  userId: string;
  role: UserRole;
  socketId: string;
}

export const NOTIFICATION_SEVERITIES = ['info', 'success', 'warning', 'error'] as const;
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

export interface NotificationPayload {
  type: string;
  message: string;
  severity: NotificationSeverity;
  /** ISO-8601. */
  timestamp: string;
}

export interface SystemAlertPayload {
  /** e.g. `ami.down`, `redis.down`. */
  type: string;
  message: string;
  severity: NotificationSeverity;
  timestamp: string;
}

export interface PresencePayload {
  userId: string;
  username: string;
  role: UserRole;
  /** ISO-8601. */
  at: string;
}

/** A call as other services (CRM, telephony glue) announce it through `POST /api/v1/broadcast/call-*`. */
export interface CallBroadcastPayload {
  callId: string;
  callerNumber?: string;
  callerName?: string;
  queue?: string;
  extension?: string;
  operatorId?: string;
  orderId?: string;
  status?: string;
  /** Free-form fields the sender adds; forwarded as they are. */
  data?: Record<string, unknown>;
}

export type CallEventPayload = CallFacts | CallBroadcastPayload;

/** An order (taxi/delivery dispatch in the service we replace) announced through `order-*`. */
export interface OrderBroadcastPayload {
  orderId: string;
  status?: string;
  city?: string;
  masterId?: string;
  data?: Record<string, unknown>;
}

export interface OrderMasterAssignedPayload {
  orderId: string;
  masterId: string;
  data?: Record<string, unknown>;
}

export interface OrderStatusChangedPayload {
  orderId: string;
  status: string;
  previousStatus?: string;
  data?: Record<string, unknown>;
}

/** Why the server is about to close a socket; sent just before the disconnect. */
// ACCESS_REVOKED: an admin disabled, deleted or changed the user (sign in again).
export const DISCONNECT_CODES = [
  'AUTH_TIMEOUT',
  'TOKEN_EXPIRED',
  'INVALID_TOKEN',
  'FLOODING',
  'ACCESS_REVOKED',
] as const;
export type DisconnectCode = (typeof DISCONNECT_CODES)[number];

export interface DisconnectReasonPayload {
  code: DisconnectCode;
  message: string;
}

/** Every server -> client event and its payload. */
export interface ServerToClientEvents {
  connected: (payload: ConnectedPayload) => void;
  'disconnect-reason': (payload: DisconnectReasonPayload) => void;
  'agent:status_changed': (payload: AgentStatusChangedEvent) => void;
  /** A live room's changes of one flush (`operator:updated`, `queue:removed`... inside). */
  'live:batch': (payload: LiveBatchMessage) => void;
  'live:reset': (payload: LiveResetMessage) => void;
  /** Every few seconds, each live room's latest position: a client behind it missed the tail. */
  'live:position': (payload: LiveStreamPosition) => void;
  /** From the call ledger (`CallFacts`, has `uniqueid`) or from another service's broadcast (has `callId`). */
  'call:new': (payload: CallEventPayload) => void;
  'call:updated': (payload: CallEventPayload) => void;
  'call:ended': (payload: CallEventPayload) => void;
  notification: (payload: NotificationPayload) => void;
  'user:online': (payload: PresencePayload) => void;
  'user:offline': (payload: PresencePayload) => void;
  'order:new': (payload: OrderBroadcastPayload) => void;
  'order:updated': (payload: OrderBroadcastPayload) => void;
  'order:master-assigned': (payload: OrderMasterAssignedPayload) => void;
  'order:status-changed': (payload: OrderStatusChangedPayload) => void;
  'system:alert': (payload: SystemAlertPayload) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<K extends ServerEventName> = Parameters<ServerToClientEvents[K]>[0];

/** Refusals are acks with one of these codes, never silence. */
export const REALTIME_ERROR_CODES = [
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
  'TOKEN_EXPIRED',
  'ALREADY_AUTHENTICATED',
  'BAD_REQUEST',
  'UNKNOWN_ROOM',
  'FORBIDDEN_ROOM',
  'NOT_IN_ROOM',
  'RATE_LIMITED',
  'LIVE_STATE_UNAVAILABLE',
] as const;
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number];

export interface RealtimeError {
  code: RealtimeErrorCode;
  message: string;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: RealtimeError };

export interface RoomRequest {
  room: string;
}

export type AuthenticateAck = Ack<ConnectedPayload>;
/** A live room's join also carries its snapshot. */
export type JoinRoomAck = Ack<{ room: RealtimeRoom; snapshot?: LiveRoomSnapshot }>;
export type LeaveRoomAck = Ack<{ room: RealtimeRoom }>;
export type ResyncAck = Ack<{ snapshot: LiveRoomSnapshot }>;

/** Every client -> server event; each answers through its ack. */
export interface ClientToServerEvents {
  authenticate: (payload: { token: string }, ack: (answer: AuthenticateAck) => void) => void;
  'join-room': (payload: RoomRequest, ack: (answer: JoinRoomAck) => void) => void;
  'leave-room': (payload: RoomRequest, ack: (answer: LeaveRoomAck) => void) => void;
  resync: (payload: RoomRequest, ack: (answer: ResyncAck) => void) => void;
}

export type ClientEventName = keyof ClientToServerEvents;

/** `POST /api/v1/broadcast/*` bodies: what to send and to which rooms. */
export interface BroadcastRequest<T> {
  rooms: string[];
  payload: T;
  /** The webhook token, for senders that cannot set the `x-webhook-token` header. */
  token?: string;
}

export interface BroadcastResponse {
  event: ServerEventName;
  rooms: RealtimeRoom[];
}

/** One back-end instance as `GET /api/v1/stats/connections` reports it. */
export interface InstanceConnectionStats {
  instanceId: string;
  sockets: number;
  authenticatedSockets: number;
  users: number;
}

/**
 * Figures gathered from every instance within a bounded time. `partial` says that some instance did
 * not answer in time: the totals then cover only `respondingInstances` of `expectedInstances`.
 */
export interface ClusterStats {
  partial: boolean;
  expectedInstances: number;
  respondingInstances: number;
}

export interface ConnectionStats extends ClusterStats {
  sockets: number;
  authenticatedSockets: number;
  /** Distinct users with at least one socket anywhere. */
  onlineUsers: number;
  instances: InstanceConnectionStats[];
}

export interface RoomStats extends ClusterStats {
  rooms: { room: string; sockets: number }[];
}
