import type { MigrationInterface, QueryRunner } from 'typeorm';
// A migration is frozen: the lists are spelled here as they were, never imported from code that may change.
const AGENT_STATUSES = [
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
const OLD_SOURCES = ['manual', 'auto', 'system'] as const;
const SOURCES = ['manual', 'auto', 'system', 'supervisor', 'pbx'] as const;

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
const STATUSES = sqlList(AGENT_STATUSES);

/**
 * Agent status on the server: who made a change (supervisor, pbx), the next status and wrap-up
 * deadline on the agent's row, one open history row per agent, the pause-reason catalogue and the
 * audit of supervisor actions.
 */
export class AgentStatus1764100000100 implements MigrationInterface {
  name = 'AgentStatus1764100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE agent_status_history
        DROP CONSTRAINT ck_agent_status_history_source,
        ADD CONSTRAINT ck_agent_status_history_source CHECK (source IN (${sqlList(SOURCES)})),
        ADD COLUMN actor uuid`);
    // At most one open period per agent: the database refuses an overlap even if the code had a bug.
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_agent_status_history_open ON agent_status_history (extension) WHERE ended_at IS NULL`,
    );

    await queryRunner.query(`
      ALTER TABLE agent_statuses
        ADD COLUMN source varchar(16) NOT NULL DEFAULT 'system',
        ADD COLUMN actor uuid,
        ADD COLUMN next_status varchar(32),
        ADD COLUMN next_reason varchar(255),
        ADD COLUMN resume_status varchar(32),
        ADD COLUMN resume_reason varchar(255),
        ADD COLUMN wrapup_ends_at timestamptz,
        ADD COLUMN platform_pause_reason varchar(255),
        ADD CONSTRAINT ck_agent_statuses_source CHECK (source IN (${sqlList(SOURCES)})),
        ADD CONSTRAINT ck_agent_statuses_next_status CHECK (next_status IS NULL OR next_status IN (${STATUSES})),
        ADD CONSTRAINT ck_agent_statuses_resume_status CHECK (resume_status IS NULL OR resume_status IN (${STATUSES}))`);
    // The wrap-up scheduler of every instance polls this: only agents in wrap-up are indexed.
    await queryRunner.query(
      `CREATE INDEX ix_agent_statuses_wrapup_ends_at ON agent_statuses (wrapup_ends_at) WHERE wrapup_ends_at IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE pause_reasons (
        id serial PRIMARY KEY,
        code varchar(64) NOT NULL,
        label varchar(128) NOT NULL,
        status varchar(32) NOT NULL,
        paid boolean NOT NULL DEFAULT false,
        max_duration_seconds integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_pause_reasons_code UNIQUE (code),
        CONSTRAINT ck_pause_reasons_status CHECK (status IN (${STATUSES})),
        CONSTRAINT ck_pause_reasons_max_duration CHECK (max_duration_seconds IS NULL OR max_duration_seconds > 0)
      )`);
    // The catalogue every installation starts with; admins edit it at /api/pause-reasons.
    await queryRunner.query(`
      INSERT INTO pause_reasons (code, label, status, paid, max_duration_seconds) VALUES
        ('LUNCH', 'Lunch', 'BREAK', false, 3600),
        ('COFFEE', 'Coffee', 'BREAK', true, 900),
        ('PERSONAL', 'Personal', 'PAUSE', false, 900),
        ('TECHNICAL_ISSUE', 'Technical issue', 'PAUSE', true, NULL),
        ('TRAINING', 'Training', 'TRAINING', true, NULL),
        ('MEETING', 'Meeting', 'MEETING', true, NULL),
        ('BACK_OFFICE', 'Back office', 'DO_NOT_DISTURB', true, NULL)`);

    await queryRunner.query(`
      CREATE TABLE supervisor_actions (
        id serial PRIMARY KEY,
        actor uuid NOT NULL,
        action varchar(32) NOT NULL,
        extension varchar(32) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_supervisor_actions_extension_created_at ON supervisor_actions (extension, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS supervisor_actions`);
    await queryRunner.query(`DROP TABLE IF EXISTS pause_reasons`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_agent_statuses_wrapup_ends_at`);
    await queryRunner.query(`
      ALTER TABLE agent_statuses
        DROP CONSTRAINT ck_agent_statuses_source,
        DROP CONSTRAINT ck_agent_statuses_next_status,
        DROP CONSTRAINT ck_agent_statuses_resume_status,
        DROP COLUMN source, DROP COLUMN actor, DROP COLUMN next_status, DROP COLUMN next_reason,
        DROP COLUMN resume_status, DROP COLUMN resume_reason, DROP COLUMN wrapup_ends_at,
        DROP COLUMN platform_pause_reason`);
    await queryRunner.query(`DROP INDEX IF EXISTS uq_agent_status_history_open`);
    await queryRunner.query(`
      ALTER TABLE agent_status_history
        DROP COLUMN actor,
        DROP CONSTRAINT ck_agent_status_history_source,
        ADD CONSTRAINT ck_agent_status_history_source CHECK (source IN (${sqlList(OLD_SOURCES)}))`);
  }
}
