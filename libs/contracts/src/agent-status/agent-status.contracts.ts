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
