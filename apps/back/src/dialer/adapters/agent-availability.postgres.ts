import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DialerAgentAvailability } from '../dialer-agent-availability.port';

/**
 * Reads agent_statuses (ONLINE) joined with the queue's members, and leaves out extensions with a call
 * open in the call ledger. Longest idle first (status_changed_at), so work spreads over the agents.
 * TODO(lead): replace with agent status's own idle-agent query when wip/agent lands it.
 */
@Injectable()
export class PostgresAgentAvailability implements DialerAgentAvailability {
  constructor(private readonly dataSource: DataSource) {}

  async idleAgents(queue: string): Promise<string[]> {
    const rows: Array<{ extension: string }> = await this.dataSource.query(
      `SELECT s.extension
         FROM agent_statuses s
         JOIN queue_members m ON m.extension = s.extension
         JOIN queues q ON q.id = m.queue_id
        WHERE q.name = $1
          AND s.status = 'ONLINE'
          AND NOT m.paused
          AND NOT EXISTS (
            SELECT 1 FROM call_records c
             WHERE c.agent_extension = s.extension AND c.ended_at IS NULL AND c.answered_at IS NOT NULL
          )
        ORDER BY s.status_changed_at ASC`,
      [queue],
    );
    return rows.map((row) => row.extension);
  }
}
