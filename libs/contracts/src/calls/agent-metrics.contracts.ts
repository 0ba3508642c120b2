import type { AgentStatus } from '../agent-status/agent-status.contracts';

/**
 * An agent's figures over [from, to), computed from `agent_status_history` and `call_records` alone
 * (see docs/agent-status.md, "Metrics"). Durations are seconds, to the millisecond.
 */
export interface AgentMetrics {
  extension: string;
  /** ISO-8601. */
  from: string;
  /** ISO-8601; a range reaching into the future is cut at the time of the request. */
  to: string;
  /** Time in each of the nine statuses within the range (0 for a status never held). */
  secondsByStatus: Record<AgentStatus, number>;
  /** Time in any status but OFFLINE. */
  loggedInSeconds: number;
  /** Calls the agent answered within the range (answered or transferred). */
  callsHandled: number;
  talkSeconds: number;
  holdSeconds: number;
  /** Time in WRAP_UP within the range. */
  wrapUpSeconds: number;
  /** (talk + hold + wrap-up) / calls handled; null with no call. */
  averageHandleSeconds: number | null;
  /** The longest unbroken ONLINE period within the range. */
  longestIdleSeconds: number;
  /** (talk + hold + wrap-up) / logged-in time, 0..1; null when never logged in. */
  occupancy: number | null;
}
