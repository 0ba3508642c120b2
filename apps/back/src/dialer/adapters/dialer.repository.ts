import {
  ATTEMPT_OUTCOMES,
  type AttemptOutcome,
  type CampaignProgress,
  type CampaignState,
  type CreateCampaignRequest,
  type LeadInput,
  type LeadState,
  type RetryableOutcome,
} from '@cc/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface CampaignRow {
  id: string;
  name: string;
  queue: string;
  state: CampaignState;
  windowStart: string;
  windowEnd: string;
  maxAttempts: number;
  retryDelays: Record<RetryableOutcome, number>;
  maxConcurrentCalls: number;
  defaultTimeZone: string;
  createdAt: Date;
}

export interface LeadRow {
  id: string;
  campaignId: string;
  phone: string;
  name: string | null;
  priority: number;
  timeZone: string;
  state: LeadState;
  dials: number;
}

export interface AttemptRow {
  id: number;
  leadId: string;
  campaignId: string;
  attempt: number;
  agentExtension: string | null;
  channelId: string | null;
  uniqueid: string | null;
  dialled: boolean;
  outcome: AttemptOutcome | null;
  agentAnsweredAt: Date | null;
}

const CAMPAIGN_COLUMNS = `id, name, queue, state, window_start AS "windowStart", window_end AS "windowEnd",
  max_attempts AS "maxAttempts", retry_delays AS "retryDelays", max_concurrent_calls AS "maxConcurrentCalls",
  default_time_zone AS "defaultTimeZone", created_at AS "createdAt"`;
const LEAD_COLUMNS = `id, campaign_id AS "campaignId", phone, name, priority, time_zone AS "timeZone", state, dials`;
const ATTEMPT_COLUMNS = `id, lead_id AS "leadId", campaign_id AS "campaignId", attempt, agent_extension AS "agentExtension",
  channel_id AS "channelId", uniqueid, dialled, outcome, agent_answered_at AS "agentAnsweredAt"`;

export type StartAttemptResult =
  | { kind: 'started'; attempt: AttemptRow; lead: LeadRow }
  | { kind: 'not-queued' }
  | { kind: 'campaign-full' }
  | { kind: 'no-agent' };

/** The dialer's tables (see the 1765100000000 migration): hand-written SQL, each step one transaction. */
@Injectable()
export class DialerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createCampaign(input: CreateCampaignRequest, createdBy: string | null): Promise<CampaignRow> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO dialer_campaigns (name, queue, window_start, window_end, max_attempts, retry_delays,
         max_concurrent_calls, default_time_zone, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${CAMPAIGN_COLUMNS}`,
      [
        input.name,
        input.queue,
        input.callingWindow.start,
        input.callingWindow.end,
        input.maxAttempts,
        JSON.stringify(input.retryDelaysSeconds),
        input.maxConcurrentCalls,
        input.defaultTimeZone,
        createdBy,
      ],
    )) as CampaignRow[];
    return row;
  }

  async campaign(id: string): Promise<CampaignRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM dialer_campaigns WHERE id = $1`,
      [id],
    )) as CampaignRow[];
    return rows[0] ?? null;
  }

  async campaigns(): Promise<CampaignRow[]> {
    return (await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM dialer_campaigns ORDER BY created_at DESC`,
    )) as CampaignRow[];
  }

  async setCampaignState(id: string, state: CampaignState): Promise<void> {
    await this.dataSource.query(`UPDATE dialer_campaigns SET state = $2, updated_at = now() WHERE id = $1`, [
      id,
      state,
    ]);
  }

  /** Adds leads (a phone already in the campaign is skipped); returns the added ones. */
  async addLeads(campaign: CampaignRow, leads: readonly LeadInput[]): Promise<LeadRow[]> {
    if (leads.length === 0) return [];
    return (await this.dataSource.query(
      `INSERT INTO dialer_leads (campaign_id, phone, name, priority, source, time_zone)
       SELECT $1, l.phone, l.name, l.priority, l.source, l.time_zone
         FROM jsonb_to_recordset($2::jsonb) AS l(phone text, name text, priority int, source text, time_zone text)
       ON CONFLICT (campaign_id, phone) DO NOTHING
       RETURNING ${LEAD_COLUMNS}`,
      [
        campaign.id,
        JSON.stringify(
          leads.map((lead) => ({
            phone: lead.phone,
            name: lead.name ?? null,
            priority: lead.priority ?? 5,
            source: lead.source ?? null,
            time_zone: lead.timeZone ?? campaign.defaultTimeZone,
          })),
        ),
      ],
    )) as LeadRow[];
  }

  async leadsInState(campaignId: string, state: LeadState): Promise<LeadRow[]> {
    return (await this.dataSource.query(
      `SELECT ${LEAD_COLUMNS} FROM dialer_leads WHERE campaign_id = $1 AND state = $2 ORDER BY priority DESC, created_at`,
      [campaignId, state],
    )) as LeadRow[];
  }

  async cancelPendingLeads(campaignId: string): Promise<number> {
    const result = (await this.dataSource.query(
      `UPDATE dialer_leads SET state = 'cancelled', next_attempt_at = NULL, updated_at = now()
        WHERE campaign_id = $1 AND state IN ('queued', 'retry_wait') RETURNING id`,
      [campaignId],
    )) as [unknown[], number];
    return result[1];
  }

  async lead(id: string): Promise<LeadRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${LEAD_COLUMNS} FROM dialer_leads WHERE id = $1`, [
      id,
    ])) as LeadRow[];
    return rows[0] ?? null;
  }

  async isDoNotCall(phone: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM dialer_do_not_call WHERE phone = $1`, [
      phone,
    ])) as unknown[];
    return rows.length > 0;
  }

  async addDoNotCall(phone: string, reason: string | null, addedBy: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dialer_do_not_call (phone, reason, added_by) VALUES ($1, $2, $3)
       ON CONFLICT (phone) DO UPDATE SET reason = EXCLUDED.reason`,
      [phone, reason, addedBy],
    );
  }

  async doNotCallList(): Promise<Array<{ phone: string; reason: string | null; addedAt: Date }>> {
    return (await this.dataSource.query(
      `SELECT phone, reason, added_at AS "addedAt" FROM dialer_do_not_call ORDER BY added_at DESC`,
    )) as Array<{ phone: string; reason: string | null; addedAt: Date }>;
  }

  /** An attempt that never dials (do-not-call, outside the window): recorded, the lead moved on. Only from `queued`. */
  async recordUndialledAttempt(
    leadId: string,
    outcome: 'dnc' | 'outside_window',
    next: { state: LeadState; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const lead = await lockQueuedLead(manager, leadId);
      if (!lead) return false;
      await manager.query(
        `INSERT INTO dialer_attempts (lead_id, campaign_id, attempt, outcome, started_at, ended_at)
         SELECT $1, $2, COALESCE(MAX(attempt), 0) + 1, $3, clock_timestamp(), clock_timestamp()
           FROM dialer_attempts WHERE lead_id = $1`,
        [lead.id, lead.campaignId, outcome],
      );
      await manager.query(
        `UPDATE dialer_leads SET state = $2, next_attempt_at = $3, updated_at = now() WHERE id = $1`,
        [lead.id, next.state, next.nextAttemptAt],
      );
      return true;
    });
  }

  /**
   * Takes a queued lead into dialling: under a per-campaign lock, checks the campaign's concurrent-call
   * cap, reserves an agent (`reserve`), and records the attempt. The lock makes cap and count agree
   * across instances; the reservation makes the agent exclusive.
   */
  async startAttempt(
    leadId: string,
    campaign: CampaignRow,
    channelId: string,
    reserve: () => Promise<string | null>,
  ): Promise<StartAttemptResult> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`dialer:${campaign.id}`]);
      const lead = await lockQueuedLead(manager, leadId);
      if (!lead) return { kind: 'not-queued' } as const;
      const [{ open }] = (await manager.query(
        `SELECT count(*)::int AS open FROM dialer_attempts WHERE campaign_id = $1 AND ended_at IS NULL`,
        [campaign.id],
      )) as Array<{ open: number }>;
      if (open >= campaign.maxConcurrentCalls) return { kind: 'campaign-full' } as const;
      const agent = await reserve();
      if (agent === null) return { kind: 'no-agent' } as const;
      const [attempt] = (await manager.query(
        // clock_timestamp(), not now(): this transaction may have begun long before the agent became free.
        `INSERT INTO dialer_attempts (lead_id, campaign_id, attempt, agent_extension, channel_id, started_at)
         SELECT $1, $2, COALESCE(MAX(attempt), 0) + 1, $3, $4, clock_timestamp() FROM dialer_attempts WHERE lead_id = $1
         RETURNING ${ATTEMPT_COLUMNS}`,
        [lead.id, campaign.id, agent, channelId],
      )) as AttemptRow[];
      await manager.query(`UPDATE dialer_leads SET state = 'dialling', updated_at = now() WHERE id = $1`, [
        lead.id,
      ]);
      return { kind: 'started', attempt, lead: { ...lead, state: 'dialling' } } as const;
    });
  }

  /** The open attempt an AMI event belongs to: by Uniqueid (our ChannelId), else the agent's pending Originate. */
  async openAttemptFor(uniqueid: string, agentExtension: string | null): Promise<AttemptRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM dialer_attempts
        WHERE ended_at IS NULL
          AND (channel_id = $1 OR uniqueid = $1 OR ($2::text IS NOT NULL AND agent_extension = $2 AND uniqueid IS NULL))
        ORDER BY (channel_id = $1 OR uniqueid = $1) DESC, id LIMIT 1`,
      [uniqueid, agentExtension],
    )) as AttemptRow[];
    return rows[0] ?? null;
  }

  /** The reserved agent answered: the lead's number is being dialled now, which counts as a dial. */
  async markAgentAnswered(attemptId: number, uniqueid: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // UPDATE … RETURNING answers [rows, count] through TypeORM's postgres driver.
      const [rows] = (await manager.query(
        `UPDATE dialer_attempts SET dialled = true, agent_answered_at = clock_timestamp(), uniqueid = $2
          WHERE id = $1 AND NOT dialled RETURNING lead_id AS "leadId"`,
        [attemptId, uniqueid],
      )) as [Array<{ leadId: string }>, number];
      if (rows.length === 0) return;
      await manager.query(`UPDATE dialer_leads SET dials = dials + 1, updated_at = now() WHERE id = $1`, [
        rows[0].leadId,
      ]);
    });
  }

  async setUniqueid(attemptId: number, uniqueid: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE dialer_attempts SET uniqueid = $2 WHERE id = $1 AND uniqueid IS NULL`,
      [attemptId, uniqueid],
    );
  }

  /** The lead's leg ended ringing (DialEnd): its outcome, and when answered, that the lead is connected. */
  async recordDialResult(attemptId: number, outcome: AttemptOutcome): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE dialer_attempts SET outcome = $2::varchar, answered_at = CASE WHEN $2::varchar = 'answered' THEN clock_timestamp() END,
           -- A lead who answers with no agent on the line (agent first makes this impossible) is abandoned.
           abandoned = ($2::varchar = 'answered' AND agent_answered_at IS NULL)
          WHERE id = $1 AND outcome IS NULL AND ended_at IS NULL RETURNING lead_id AS "leadId"`,
        [attemptId, outcome],
      )) as [Array<{ leadId: string }>, number];
      if (rows.length > 0 && outcome === 'answered') {
        await manager.query(`UPDATE dialer_leads SET state = 'connected', updated_at = now() WHERE id = $1`, [
          rows[0].leadId,
        ]);
      }
    });
  }

  /**
   * Ends an attempt (once): its outcome (kept if DialEnd set one, else `fallback`), and the lead's next
   * state from `decide`. Returns null when it was already ended.
   */
  async finishAttempt(
    attemptId: number,
    fallback: AttemptOutcome,
    decide: (outcome: AttemptOutcome, lead: LeadRow) => { state: LeadState; nextAttemptAt: Date | null },
  ): Promise<{ attempt: AttemptRow; lead: LeadRow; outcome: AttemptOutcome } | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `UPDATE dialer_attempts SET ended_at = clock_timestamp(), outcome = COALESCE(outcome, $2)
          WHERE id = $1 AND ended_at IS NULL RETURNING ${ATTEMPT_COLUMNS}`,
        [attemptId, fallback],
      )) as [AttemptRow[], number];
      const attempt = rows[0][0];
      if (!attempt) return null;
      const [lead] = (await manager.query(
        `SELECT ${LEAD_COLUMNS} FROM dialer_leads WHERE id = $1 FOR UPDATE`,
        [attempt.leadId],
      )) as LeadRow[];
      const outcome = attempt.outcome ?? fallback;
      // A campaign stopped meanwhile keeps what happened, but schedules nothing more.
      const next =
        lead.state === 'cancelled'
          ? { state: 'cancelled' as const, nextAttemptAt: null }
          : decide(outcome, lead);
      await manager.query(
        `UPDATE dialer_leads SET state = $2, next_attempt_at = $3, updated_at = now() WHERE id = $1`,
        [lead.id, next.state, next.nextAttemptAt],
      );
      return { attempt, lead: { ...lead, state: next.state }, outcome };
    });
  }

  /** Puts a queued lead aside until `at` (the scheduler publishes it again then). */
  async deferLead(leadId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE dialer_leads SET state = 'retry_wait', next_attempt_at = $2, updated_at = now() WHERE id = $1 AND state = 'queued'`,
      [leadId, at],
    );
  }

  /** Leads whose retry is due, moved back to `queued` (each by one instance only). */
  async takeDueLeads(limit: number): Promise<LeadRow[]> {
    const rows = (await this.dataSource.query(
      `UPDATE dialer_leads SET state = 'queued', next_attempt_at = NULL, updated_at = now()
        WHERE id IN (
          SELECT l.id FROM dialer_leads l JOIN dialer_campaigns c ON c.id = l.campaign_id
           WHERE l.state = 'retry_wait' AND l.next_attempt_at <= now() AND c.state = 'running'
           ORDER BY l.next_attempt_at LIMIT $1 FOR UPDATE OF l SKIP LOCKED)
        RETURNING ${LEAD_COLUMNS}`,
      [limit],
    )) as [LeadRow[], number];
    return rows[0];
  }

  /** Open attempts whose Originate never got an answer in time (Asterisk lost it, or AMI went away). */
  async staleAttempts(olderThanMs: number): Promise<AttemptRow[]> {
    return (await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM dialer_attempts
        WHERE ended_at IS NULL AND agent_answered_at IS NULL AND started_at < now() - ($1::int * interval '1 millisecond')`,
      [olderThanMs],
    )) as AttemptRow[];
  }

  async progress(campaignId: string): Promise<CampaignProgress> {
    const leadCounts = (await this.dataSource.query(
      `SELECT state, count(*)::int AS n FROM dialer_leads WHERE campaign_id = $1 GROUP BY state`,
      [campaignId],
    )) as Array<{ state: LeadState; n: number }>;
    const attemptCounts = (await this.dataSource.query(
      `SELECT outcome, count(*)::int AS n, count(*) FILTER (WHERE abandoned)::int AS abandoned
         FROM dialer_attempts WHERE campaign_id = $1 GROUP BY outcome`,
      [campaignId],
    )) as Array<{ outcome: AttemptOutcome | null; n: number; abandoned: number }>;
    const lead = (state: LeadState) => leadCounts.find((row) => row.state === state)?.n ?? 0;
    const outcomes = Object.fromEntries(ATTEMPT_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
      AttemptOutcome,
      number
    >;
    let abandoned = 0;
    for (const row of attemptCounts) {
      if (row.outcome) outcomes[row.outcome] = row.n;
      abandoned += row.abandoned;
    }
    return {
      leads: leadCounts.reduce((sum, row) => sum + row.n, 0),
      queued: lead('queued'),
      dialling: lead('dialling'),
      connected: lead('connected'),
      retrying: lead('retry_wait'),
      failed: lead('failed'),
      done: lead('done'),
      doNotCall: lead('dnc'),
      cancelled: lead('cancelled'),
      attempts: attemptCounts.reduce((sum, row) => sum + row.n, 0),
      outcomes,
      abandonRate: outcomes.answered === 0 ? 0 : abandoned / outcomes.answered,
    };
  }
}

async function lockQueuedLead(manager: EntityManager, leadId: string): Promise<LeadRow | null> {
  const rows = (await manager.query(
    `SELECT ${LEAD_COLUMNS} FROM dialer_leads WHERE id = $1 AND state = 'queued' FOR UPDATE`,
    [leadId],
  )) as LeadRow[];
  return rows[0] ?? null;
}
