import { AGENT_STATUSES, type AgentMetrics, type AgentStatus, type CallDisposition } from '@cc/contracts';

/** One `agent_status_history` row, as far as the metrics need it. */
export interface StatusPeriodRow {
  status: AgentStatus;
  startedAt: Date;
  /** Null for the open period. */
  endedAt: Date | null;
}

/** One `call_records` row, as far as the metrics need it. */
export interface LedgerCallRow {
  answeredAt: Date | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  disposition: CallDisposition | null;
}

export interface MetricsRange {
  from: Date;
  /** Already cut at the time of the request: an open period is counted up to it. */
  to: Date;
}

const HANDLED: ReadonlySet<CallDisposition | null> = new Set<CallDisposition | null>([
  'answered',
  'transferred',
]);

/**
 * An agent's metrics over [from, to) from their history periods and ledger rows alone (the
 * definitions are in docs/agent-status.md, "Metrics"). Periods are clipped to the range; calls count
 * when they were answered within it and have ended answered or transferred.
 */
export function computeAgentMetrics(
  extension: string,
  periods: readonly StatusPeriodRow[],
  calls: readonly LedgerCallRow[],
  range: MetricsRange,
): AgentMetrics {
  const fromMs = range.from.getTime();
  const toMs = range.to.getTime();
  const msByStatus = new Map<AgentStatus, number>(AGENT_STATUSES.map((s) => [s, 0]));
  let longestIdleMs = 0;
  let idleRunMs = 0;
  let idleRunEnd: number | null = null;

  const sorted = [...periods].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const period of sorted) {
    const start = Math.max(period.startedAt.getTime(), fromMs);
    const end = Math.min(period.endedAt?.getTime() ?? toMs, toMs);
    if (end <= start) continue;
    msByStatus.set(period.status, (msByStatus.get(period.status) ?? 0) + end - start);
    // ONLINE -> ONLINE (a new reason, an endpoint back) is one stretch of idleness.
    if (period.status === 'ONLINE') {
      idleRunMs = idleRunEnd === start ? idleRunMs + end - start : end - start;
      idleRunEnd = end;
      longestIdleMs = Math.max(longestIdleMs, idleRunMs);
    } else idleRunEnd = null;
  }

  let callsHandled = 0;
  let talkSeconds = 0;
  let holdSeconds = 0;
  for (const call of calls) {
    if (call.answeredAt === null || !HANDLED.has(call.disposition)) continue;
    const answered = call.answeredAt.getTime();
    if (answered < fromMs || answered >= toMs) continue;
    callsHandled += 1;
    talkSeconds += call.talkSeconds ?? 0;
    holdSeconds += call.holdSeconds ?? 0;
  }

  const secondsByStatus = Object.fromEntries(
    AGENT_STATUSES.map((s) => [s, (msByStatus.get(s) ?? 0) / 1000]),
  ) as Record<AgentStatus, number>;
  const loggedInMs = [...msByStatus].reduce((sum, [s, ms]) => (s === 'OFFLINE' ? sum : sum + ms), 0);
  const wrapUpSeconds = secondsByStatus.WRAP_UP;
  const handleSeconds = talkSeconds + holdSeconds + wrapUpSeconds;
  return {
    extension,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    secondsByStatus,
    loggedInSeconds: loggedInMs / 1000,
    callsHandled,
    talkSeconds,
    holdSeconds,
    wrapUpSeconds,
    averageHandleSeconds: callsHandled === 0 ? null : handleSeconds / callsHandled,
    longestIdleSeconds: longestIdleMs / 1000,
    occupancy: loggedInMs === 0 ? null : handleSeconds / (loggedInMs / 1000),
  };
}
