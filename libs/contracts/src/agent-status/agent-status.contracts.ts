/**
 * Agent status: what an operator is doing, as the platform decides it (Postgres holds it; Asterisk's
 * queue pause mirrors it). REST bodies, Socket.IO payloads and bus messages all use these shapes.
 */

/** Every status an agent can be in; the database CHECK constraints list the same values. */
export const AGENT_STATUSES = [
  'ONLINE',
  'OFFLINE',
  'PAUSE',
  'BREAK',
  'TRAINING',
  'MEETING',
  'WRAP_UP',
  'DO_NOT_DISTURB',
  'ON_CALL',
] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/**
 * Who caused a change: the agent (`manual`), a rule reacting to the PBX (`auto`: calls, wrap-up,
 * endpoint loss), the platform itself (`system`), a supervisor or admin (`supervisor`), or a pause made
 * outside the platform that was adopted (`pbx`).
 */
export const AGENT_STATUS_SOURCES = ['manual', 'auto', 'system', 'supervisor', 'pbx'] as const;
export type AgentStatusSource = (typeof AGENT_STATUS_SOURCES)[number];

/** Reason prefix of changes the platform made by itself; only those are undone automatically. */
export const AUTO_REASON_PREFIX = 'Auto:';

/** The payload of the in-process `agent.status.changed` event and of the `agent:status_changed` push. */
export interface AgentStatusChangedEvent {
  extension: string;
  status: AgentStatus;
  previousStatus: AgentStatus | null;
  reason: string | null;
  source: AgentStatusSource;
  /** userId of whoever asked for it; null for automatic changes. */
  actor: string | null;
  /** ISO-8601. */
  statusChangedAt: string;
  /** Status chosen during a call or wrap-up that takes effect when it ends; null when none. */
  nextStatus: AgentStatus | null;
}

/** Prefix of the reasons the platform writes itself (`Auto: SIP not registered`). */
export const ENDPOINT_LOST_REASON = 'Auto: SIP not registered';
export const ENDPOINT_BACK_REASON = 'Auto: SIP registered';

/** One agent's current status, as `GET /api/agents` and `GET /api/me/agent` return it. */
export interface AgentStatusView {
  extension: string;
  status: AgentStatus;
  previousStatus: AgentStatus | null;
  reason: string | null;
  source: AgentStatusSource;
  /** ISO-8601. */
  statusChangedAt: string;
  /** Status chosen during a call or wrap-up, applied when it ends; null when none. */
  nextStatus: AgentStatus | null;
  nextReason: string | null;
  /** ISO-8601 end of the running wrap-up; null outside wrap-up. */
  wrapUpEndsAt: string | null;
  /** The user who owns this extension, if any. */
  userId: string | null;
}

/** Body of `PUT /api/agents/:extension/status`. */
export interface SetAgentStatusRequest {
  status: AgentStatus;
  /** A reason of the catalogue (`GET /api/pause-reasons`) belonging to that status; optional. */
  reason?: string | null;
}

/** One period of `GET /api/agents/:extension/history`; `endedAt` is null while it lasts. */
export interface AgentStatusHistoryEntry {
  id: number;
  extension: string;
  status: AgentStatus;
  reason: string | null;
  source: AgentStatusSource;
  /** userId of whoever asked for it; null for automatic changes. */
  actor: string | null;
  /** ISO-8601. */
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
}

export interface AgentStatusHistoryPage {
  items: AgentStatusHistoryEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** A pause code of the catalogue (`/api/pause-reasons`). */
export interface PauseReason {
  id: number;
  /** Stable machine code (`LUNCH`); what `reason` may be set to, as may the label. */
  code: string;
  label: string;
  /** The status this reason belongs to (`BREAK` for Lunch). */
  status: AgentStatus;
  /** Whether time in this reason counts as paid time. */
  paid: boolean;
  /** Longest expected duration in seconds; null when unlimited. */
  maxDurationSeconds: number | null;
}

export type CreatePauseReasonRequest = Omit<PauseReason, 'id'>;
export type UpdatePauseReasonRequest = Partial<CreatePauseReasonRequest>;
