import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CallDirection, CallDisposition, CallFacts } from '@cc/contracts';
import { DataSource } from 'typeorm';

/** A `call_records` row as Postgres returns it. */
export interface CallRecordRow {
  uniqueid: string;
  linkedid: string;
  queue: string | null;
  agent_extension: string | null;
  caller_number: string | null;
  caller_name: string | null;
  direction: CallDirection;
  enqueued_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  wait_seconds: number | null;
  ring_seconds: number | null;
  talk_seconds: number | null;
  hold_seconds: number | null;
  disposition: CallDisposition | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function factsOf(row: CallRecordRow): CallFacts {
  return {
    uniqueid: row.uniqueid,
    linkedid: row.linkedid,
    queue: row.queue,
    agentExtension: row.agent_extension,
    callerNumber: row.caller_number,
    callerName: row.caller_name,
    direction: row.direction,
    enqueuedAt: iso(row.enqueued_at),
    answeredAt: iso(row.answered_at),
    endedAt: iso(row.ended_at),
    waitSeconds: row.wait_seconds,
    ringSeconds: row.ring_seconds,
    talkSeconds: row.talk_seconds,
    holdSeconds: row.hold_seconds,
    disposition: row.disposition,
  };
}

/** `call_records`: the only place the ledger touches Postgres. */
@Injectable()
export class CallLedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Insert or complete the row of `facts.uniqueid`. A fact already written is never replaced by a
   * null, and a row that has its disposition is final: a replay after a reconnect, or a second
   * instance writing the same call, changes nothing. Returns false when the row was already final.
   */
  async upsert(facts: CallFacts): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO call_records AS c (uniqueid, linkedid, queue, agent_extension, caller_number, caller_name,
         direction, enqueued_at, answered_at, ended_at, wait_seconds, ring_seconds, talk_seconds, hold_seconds,
         disposition)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (uniqueid) DO UPDATE SET
         linkedid = EXCLUDED.linkedid,
         queue = COALESCE(EXCLUDED.queue, c.queue),
         agent_extension = COALESCE(EXCLUDED.agent_extension, c.agent_extension),
         caller_number = COALESCE(EXCLUDED.caller_number, c.caller_number),
         caller_name = COALESCE(EXCLUDED.caller_name, c.caller_name),
         direction = EXCLUDED.direction,
         enqueued_at = COALESCE(EXCLUDED.enqueued_at, c.enqueued_at),
         answered_at = COALESCE(EXCLUDED.answered_at, c.answered_at),
         ended_at = COALESCE(EXCLUDED.ended_at, c.ended_at),
         wait_seconds = COALESCE(EXCLUDED.wait_seconds, c.wait_seconds),
         ring_seconds = COALESCE(EXCLUDED.ring_seconds, c.ring_seconds),
         talk_seconds = COALESCE(EXCLUDED.talk_seconds, c.talk_seconds),
         hold_seconds = COALESCE(EXCLUDED.hold_seconds, c.hold_seconds),
         disposition = EXCLUDED.disposition,
         updated_at = now()
       WHERE c.disposition IS NULL
       RETURNING uniqueid`,
      [
        facts.uniqueid,
        facts.linkedid,
        facts.queue,
        facts.agentExtension,
        facts.callerNumber,
        facts.callerName,
        facts.direction,
        facts.enqueuedAt,
        facts.answeredAt,
        facts.endedAt,
        facts.waitSeconds,
        facts.ringSeconds,
        facts.talkSeconds,
        facts.holdSeconds,
        facts.disposition,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Ends the calls still open in the ledger that began before `before` and have no channel of their linkedid alive: their end happened while nobody listened (AMI down,
   * a restart, another instance ingesting). The end is the time we learn of it; an answered call
   * counts as answered, an unanswered queue call as abandoned, an unanswered direct call as failed.
   */
  async endVanished(before: Date, liveLinkedids: readonly string[], now: Date): Promise<CallFacts[]> {
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count] but a SELECT with rows.
    const rows: CallRecordRow[] = await this.dataSource.query(
      `WITH ended AS (UPDATE call_records SET
         ended_at = $3,
         talk_seconds = CASE WHEN answered_at IS NULL THEN NULL
           ELSE GREATEST(0, round(extract(epoch FROM ($3::timestamptz - answered_at)))::int - COALESCE(hold_seconds, 0)) END,
         hold_seconds = CASE WHEN answered_at IS NULL THEN NULL ELSE COALESCE(hold_seconds, 0) END,
         disposition = CASE WHEN answered_at IS NOT NULL THEN 'answered'
           WHEN queue IS NOT NULL THEN 'abandoned' ELSE 'failed' END,
         updated_at = now()
       WHERE disposition IS NULL AND created_at < $1
         AND NOT (linkedid = ANY($2::text[]))
       RETURNING *)
       SELECT * FROM ended`,
      [before, liveLinkedids, now],
    );
    return rows.map(factsOf);
  }
}
