import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgentStatus, CallDisposition } from '@cc/contracts';
import { DataSource } from 'typeorm';
import type { LedgerCallRow, MetricsRange, StatusPeriodRow } from '../domain/agent-metrics';

export interface AgentRows {
  periods: StatusPeriodRow[];
  calls: LedgerCallRow[];
}

/** Reads `agent_status_history` and `call_records`; the metrics module writes nothing. */
@Injectable()
export class AgentMetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Extensions of every agent (a user with an extension), sorted. */
  async agentExtensions(): Promise<string[]> {
    const rows: { extension: string }[] = await this.dataSource.query(
      `SELECT DISTINCT extension FROM users WHERE extension IS NOT NULL ORDER BY extension`,
    );
    return rows.map((r) => r.extension);
  }

  async isAgent(extension: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM users WHERE extension = $1 LIMIT 1`, [
      extension,
    ]);
    return rows.length > 0;
  }

  /** Periods overlapping the range and calls answered within it, per extension. */
  async rows(extensions: readonly string[], range: MetricsRange): Promise<Map<string, AgentRows>> {
    const [periods, calls] = await Promise.all([
      this.dataSource.query<
        { extension: string; status: AgentStatus; started_at: Date; ended_at: Date | null }[]
      >(
        `SELECT extension, status, started_at, ended_at FROM agent_status_history
         WHERE extension = ANY($1::text[]) AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2)
         ORDER BY extension, started_at, id`,
        [extensions, range.from, range.to],
      ),
      this.dataSource.query<
        {
          agent_extension: string;
          answered_at: Date | null;
          talk_seconds: number | null;
          hold_seconds: number | null;
          disposition: CallDisposition | null;
        }[]
      >(
        `SELECT agent_extension, answered_at, talk_seconds, hold_seconds, disposition FROM call_records
         WHERE agent_extension = ANY($1::text[]) AND answered_at >= $2 AND answered_at < $3`,
        [extensions, range.from, range.to],
      ),
    ]);
    const out = new Map<string, AgentRows>(extensions.map((e) => [e, { periods: [], calls: [] }]));
    for (const p of periods)
      out.get(p.extension)?.periods.push({ status: p.status, startedAt: p.started_at, endedAt: p.ended_at });
    for (const c of calls)
      out.get(c.agent_extension)?.calls.push({
        answeredAt: c.answered_at,
        talkSeconds: c.talk_seconds,
        holdSeconds: c.hold_seconds,
        disposition: c.disposition,
      });
    return out;
  }
}
