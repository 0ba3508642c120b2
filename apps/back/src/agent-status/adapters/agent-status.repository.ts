import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgentStatus, AgentStatusHistoryEntry, AgentStatusSource } from '@cc/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AgentState } from '../domain/agent-status.machine';

/** An agent's row with what the machine does not need. */
export interface AgentRow extends AgentState {
  platformPauseReason: string | null;
  userId: string | null;
}

interface AgentRowRecord {
  extension: string;
  status: AgentStatus;
  previous_status: AgentStatus | null;
  reason: string | null;
  source: AgentStatusSource;
  actor: string | null;
  status_changed_at: Date;
  next_status: AgentStatus | null;
  next_reason: string | null;
  resume_status: AgentStatus | null;
  resume_reason: string | null;
  wrapup_ends_at: Date | null;
  platform_pause_reason: string | null;
  user_id: string | null;
}

const COLUMNS = `extension, status, previous_status, reason, source, actor, status_changed_at, next_status,
  next_reason, resume_status, resume_reason, wrapup_ends_at, platform_pause_reason, user_id`;

function toRow(r: AgentRowRecord): AgentRow {
  return {
    extension: r.extension,
    status: r.status,
    previousStatus: r.previous_status,
    reason: r.reason,
    source: r.source,
    actor: r.actor,
    statusChangedAt: r.status_changed_at,
    nextStatus: r.next_status,
    nextReason: r.next_reason,
    resumeStatus: r.resume_status,
    resumeReason: r.resume_reason,
    wrapUpEndsAt: r.wrapup_ends_at,
    platformPauseReason: r.platform_pause_reason,
    userId: r.user_id,
  };
}

export interface HistoryQuery {
  from: Date | null;
  to: Date | null;
  page: number;
  pageSize: number;
}

/**
 * Postgres for agent statuses: the row lock that serialises one agent's changes, and the one write
 * that updates the row, closes the open period and opens the next.
 */
@Injectable()
export class AgentStatusRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Locks the agent's row until the transaction ends; a concurrent change for the agent waits here. */
  async lock(manager: EntityManager, extension: string): Promise<AgentRow | null> {
    const rows: AgentRowRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM agent_statuses WHERE extension = $1 FOR UPDATE`,
      [extension],
    );
    return rows.length === 0 ? null : toRow(rows[0]);
  }

  /**
   * Creates the agent (OFFLINE, with its first open period) when a user has this extension.
   * Returns false when nobody does. Concurrent calls are safe: the unique extension makes one insert win.
   */
  async ensureAgent(extension: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: Array<{ status_changed_at: Date }> = await manager.query(
        `INSERT INTO agent_statuses (extension, status, source, status_changed_at, user_id)
         SELECT $1::varchar, 'OFFLINE', 'system', now(), u.id FROM users u WHERE u.extension = $1::varchar
         ORDER BY u.created_at LIMIT 1
         ON CONFLICT (extension) DO NOTHING
         RETURNING status_changed_at`,
        [extension],
      );
      if (inserted.length > 0) {
        await manager.query(
          `INSERT INTO agent_status_history (extension, status, reason, source, actor, started_at)
           VALUES ($1, 'OFFLINE', NULL, 'system', NULL, $2)`,
          [extension, inserted[0].status_changed_at],
        );
        return true;
      }
      const existing: unknown[] = await manager.query(`SELECT 1 FROM agent_statuses WHERE extension = $1`, [
        extension,
      ]);
      return existing.length > 0;
    });
  }

  /** Every extension some user has that has no agent row yet. */
  async extensionsWithoutAgent(): Promise<string[]> {
    const rows: Array<{ extension: string }> = await this.dataSource.query(
      `SELECT DISTINCT u.extension FROM users u
       WHERE u.extension IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM agent_statuses a WHERE a.extension = u.extension)`,
    );
    return rows.map((r) => r.extension);
  }

  /**
   * Writes the agent's new state; with `newPeriod`, closes the open period at its start and opens one.
   * One statement (data-modifying CTEs), so a change costs one round trip inside its transaction.
   * The INSERT reads both CTEs, which makes Postgres close the open period before the new one is
   * inserted (an unread data-modifying CTE runs after the main statement, and the one-open-period
   * index would refuse the insert).
   */
  async save(
    manager: EntityManager,
    state: AgentState,
    newPeriod: boolean,
    pauseReason: string | null,
  ): Promise<void> {
    const params = [
      state.extension,
      state.status,
      state.previousStatus,
      state.reason,
      state.source,
      state.actor,
      state.statusChangedAt,
      state.nextStatus,
      state.nextReason,
      state.resumeStatus,
      state.resumeReason,
      state.wrapUpEndsAt,
      pauseReason,
    ];
    const updateRow = `UPDATE agent_statuses SET status = $2, previous_status = $3, reason = $4, source = $5,
         actor = $6, status_changed_at = $7, next_status = $8, next_reason = $9, resume_status = $10,
         resume_reason = $11, wrapup_ends_at = $12, platform_pause_reason = COALESCE($13, platform_pause_reason)
       WHERE extension = $1`;
    if (!newPeriod) {
      await manager.query(updateRow, params);
      return;
    }
    await manager.query(
      `WITH updated AS (${updateRow} RETURNING 1),
       closed AS (
         UPDATE agent_status_history
           SET ended_at = $7,
               duration_seconds = GREATEST(0, ROUND(EXTRACT(EPOCH FROM ($7::timestamptz - started_at))))::integer
         WHERE extension = $1 AND ended_at IS NULL
         RETURNING 1)
       INSERT INTO agent_status_history (extension, status, reason, source, actor, started_at)
       SELECT $1, $2, $4, $5, $6, $7 FROM (SELECT count(*) FROM updated) u, (SELECT count(*) FROM closed) c`,
      params,
    );
  }

  async find(extension: string): Promise<AgentRow | null> {
    const rows: AgentRowRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM agent_statuses WHERE extension = $1`,
      [extension],
    );
    return rows.length === 0 ? null : toRow(rows[0]);
  }

  async list(): Promise<AgentRow[]> {
    const rows: AgentRowRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM agent_statuses ORDER BY extension`,
    );
    return rows.map(toRow);
  }

  /** Extensions whose wrap-up is due, locked for this transaction; rows another instance holds are skipped. */
  async lockDueWrapUps(manager: EntityManager, now: Date, limit: number): Promise<AgentRow[]> {
    const rows: AgentRowRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM agent_statuses
       WHERE wrapup_ends_at IS NOT NULL AND wrapup_ends_at <= $1 AND status = 'WRAP_UP'
       ORDER BY wrapup_ends_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toRow);
  }

  /** The earliest wrap-up deadline still ahead, so the scheduler can sleep until it. */
  async nextWrapUpDeadline(): Promise<Date | null> {
    const rows: Array<{ next: Date | null }> = await this.dataSource.query(
      `SELECT min(wrapup_ends_at) AS next FROM agent_statuses WHERE status = 'WRAP_UP'`,
    );
    return rows[0]?.next ?? null;
  }

  async history(
    extension: string,
    query: HistoryQuery,
  ): Promise<{ items: AgentStatusHistoryEntry[]; total: number }> {
    // A period overlapping the window is in it: it started before `to` and had not ended by `from`.
    const where = `extension = $1 AND ($2::timestamptz IS NULL OR ended_at IS NULL OR ended_at > $2)
      AND ($3::timestamptz IS NULL OR started_at < $3)`;
    const params = [extension, query.from, query.to];
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM agent_status_history WHERE ${where}`,
      params,
    );
    const rows: Array<{
      id: number;
      extension: string;
      status: AgentStatus;
      reason: string | null;
      source: AgentStatusSource;
      actor: string | null;
      started_at: Date;
      ended_at: Date | null;
      duration_seconds: number | null;
    }> = await this.dataSource.query(
      `SELECT id, extension, status, reason, source, actor, started_at, ended_at, duration_seconds
       FROM agent_status_history WHERE ${where}
       ORDER BY started_at, id LIMIT $4 OFFSET $5`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: r.id,
        extension: r.extension,
        status: r.status,
        reason: r.reason,
        source: r.source,
        actor: r.actor,
        startedAt: r.started_at.toISOString(),
        endedAt: r.ended_at?.toISOString() ?? null,
        durationSeconds: r.duration_seconds,
      })),
    };
  }

  /** The agent's queue interfaces as configured (queue_members); empty when none is. */
  async interfacesOf(extension: string): Promise<string[]> {
    const rows: Array<{ interface: string }> = await this.dataSource.query(
      `SELECT DISTINCT interface FROM queue_members WHERE extension = $1 ORDER BY interface`,
      [extension],
    );
    return rows.map((r) => r.interface);
  }

  /** Extension -> its configured queue interfaces, for every extension that has some. */
  async interfacesByExtension(): Promise<Map<string, string[]>> {
    const rows: Array<{ extension: string; interface: string }> = await this.dataSource.query(
      `SELECT DISTINCT extension, interface FROM queue_members ORDER BY extension, interface`,
    );
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.extension, [...(map.get(r.extension) ?? []), r.interface]);
    return map;
  }

  /**
   * Members of `queue` (queue_members, not paused there by configuration) whose agent is ONLINE: not on a
   * call, not in wrap-up, not away. Longest in ONLINE first.
   */
  async onlineMembersOf(queue: string): Promise<string[]> {
    const rows: Array<{ extension: string }> = await this.dataSource.query(
      `SELECT s.extension
         FROM agent_statuses s
         JOIN queue_members m ON m.extension = s.extension
         JOIN queues q ON q.id = m.queue_id
        WHERE q.name = $1 AND s.status = 'ONLINE' AND NOT m.paused
        ORDER BY s.status_changed_at ASC, s.extension ASC`,
      [queue],
    );
    return rows.map((r) => r.extension);
  }

  /** The wrap-up time of a queue (`queues.wrapup_seconds`), or null when the queue is not configured. */
  async queueWrapUpSeconds(queue: string): Promise<number | null> {
    const rows: Array<{ wrapup_seconds: number }> = await this.dataSource.query(
      `SELECT wrapup_seconds FROM queues WHERE name = $1`,
      [queue],
    );
    return rows[0]?.wrapup_seconds ?? null;
  }
}
