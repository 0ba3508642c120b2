import type { AgentMetrics, AgentStatus, CallDisposition } from '@cc/contracts';
import type {
  LedgerCallRow,
  MetricsRange,
  StatusPeriodRow,
} from '../../../src/agent-metrics/domain/agent-metrics';
import type { CallRecordRow } from '../../../src/calls/adapters/call-ledger.repository';
import type { AgentStatusTestApp } from '../agent-status/agent-status.harness';

export type LedgerRow = CallRecordRow;

export function ledgerRows(t: AgentStatusTestApp): Promise<LedgerRow[]> {
  return t.query<LedgerRow>(
    `SELECT uniqueid, linkedid, queue, agent_extension, caller_number, caller_name, direction, enqueued_at,
       answered_at, ended_at, wait_seconds, ring_seconds, talk_seconds, hold_seconds, disposition
     FROM call_records ORDER BY id`,
  );
}

type Compute = (
  extension: string,
  periods: readonly StatusPeriodRow[],
  calls: readonly LedgerCallRow[],
  range: MetricsRange,
) => AgentMetrics;

/** The metrics computed from every history and ledger row of the agent, read here with plain SQL. */
export async function metricsFromRows(
  t: AgentStatusTestApp,
  extension: string,
  range: MetricsRange,
  compute: Compute,
): Promise<AgentMetrics> {
  const periods = await t.query<{ status: AgentStatus; started_at: Date; ended_at: Date | null }>(
    `SELECT status, started_at, ended_at FROM agent_status_history WHERE extension = $1`,
    [extension],
  );
  const calls = await t.query<{
    answered_at: Date | null;
    talk_seconds: number | null;
    hold_seconds: number | null;
    disposition: CallDisposition | null;
  }>(
    `SELECT answered_at, talk_seconds, hold_seconds, disposition FROM call_records WHERE agent_extension = $1`,
    [extension],
  );
  return compute(
    extension,
    periods.map((p) => ({ status: p.status, startedAt: p.started_at, endedAt: p.ended_at })),
    calls.map((c) => ({
      answeredAt: c.answered_at,
      talkSeconds: c.talk_seconds,
      holdSeconds: c.hold_seconds,
      disposition: c.disposition,
    })),
    range,
  );
}
