import type { MigrationInterface, QueryRunner } from 'typeorm';

// A migration is frozen: the lists are spelled here as they were, never imported from code that may change.
const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'stopped'];
const LEAD_STATES = ['queued', 'dialling', 'connected', 'retry_wait', 'done', 'failed', 'dnc', 'cancelled'];
const OUTCOMES = ['answered', 'busy', 'no_answer', 'failed', 'dnc', 'outside_window', 'agent_no_answer'];

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/** The progressive autodialer: campaigns, their leads, every attempt, and the do-not-call list. */
export class Autodialer1765100000000 implements MigrationInterface {
  name = 'Autodialer1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dialer_campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(128) NOT NULL,
        queue varchar(128) NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'draft',
        window_start varchar(5) NOT NULL,
        window_end varchar(5) NOT NULL,
        max_attempts integer NOT NULL,
        retry_delays jsonb NOT NULL,
        max_concurrent_calls integer NOT NULL,
        default_time_zone varchar(64) NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_dialer_campaigns_state CHECK (state IN (${sqlList(CAMPAIGN_STATES)})),
        CONSTRAINT ck_dialer_campaigns_max_attempts CHECK (max_attempts BETWEEN 1 AND 20),
        CONSTRAINT ck_dialer_campaigns_max_concurrent CHECK (max_concurrent_calls >= 1)
      )`);

    await queryRunner.query(`
      CREATE TABLE dialer_leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES dialer_campaigns (id) ON DELETE CASCADE,
        phone varchar(32) NOT NULL,
        name varchar(128),
        priority integer NOT NULL DEFAULT 5,
        source varchar(64),
        time_zone varchar(64) NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'queued',
        dials integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_dialer_leads_campaign_phone UNIQUE (campaign_id, phone),
        CONSTRAINT ck_dialer_leads_state CHECK (state IN (${sqlList(LEAD_STATES)})),
        CONSTRAINT ck_dialer_leads_priority CHECK (priority BETWEEN 0 AND 10)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_dialer_leads_due ON dialer_leads (next_attempt_at) WHERE state = 'retry_wait'`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_dialer_leads_campaign_state ON dialer_leads (campaign_id, state)`,
    );

    await queryRunner.query(`
      CREATE TABLE dialer_attempts (
        id serial PRIMARY KEY,
        lead_id uuid NOT NULL REFERENCES dialer_leads (id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES dialer_campaigns (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        agent_extension varchar(32),
        -- Our ChannelId for the Originate, and the Uniqueid Asterisk reported (the same when it honours ChannelId).
        channel_id varchar(64),
        uniqueid varchar(64),
        -- True once the lead's number was dialled (the reserved agent answered first): max_attempts counts these.
        dialled boolean NOT NULL DEFAULT false,
        outcome varchar(16),
        abandoned boolean NOT NULL DEFAULT false,
        started_at timestamptz NOT NULL DEFAULT now(),
        agent_answered_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT uq_dialer_attempts_lead_attempt UNIQUE (lead_id, attempt),
        CONSTRAINT ck_dialer_attempts_outcome CHECK (outcome IS NULL OR outcome IN (${sqlList(OUTCOMES)}))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_dialer_attempts_channel_id ON dialer_attempts (channel_id) WHERE channel_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_dialer_attempts_open ON dialer_attempts (agent_extension) WHERE ended_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE dialer_do_not_call (
        phone varchar(32) PRIMARY KEY,
        reason varchar(255),
        added_by uuid,
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['dialer_do_not_call', 'dialer_attempts', 'dialer_leads', 'dialer_campaigns']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
