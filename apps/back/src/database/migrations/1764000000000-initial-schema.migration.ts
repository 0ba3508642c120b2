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
const AGENT_STATUS_SOURCES = ['manual', 'auto', 'system'] as const;

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

const STATUSES = sqlList(AGENT_STATUSES);

// Hand-written so the schema is exactly what we review; entities mirror it (synchronize stays off).
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        password_hash varchar(255) NOT NULL,
        role varchar(16) NOT NULL,
        extension varchar(32),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_users_username UNIQUE (username),
        CONSTRAINT ck_users_role CHECK (role IN ('operator', 'supervisor', 'admin'))
      )`);

    await queryRunner.query(`
      CREATE TABLE queues (
        id serial PRIMARY KEY,
        name varchar(128) NOT NULL,
        strategy varchar(32) NOT NULL,
        wrapup_seconds integer NOT NULL DEFAULT 0,
        service_level_seconds integer NOT NULL DEFAULT 20,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_queues_name UNIQUE (name)
      )`);

    await queryRunner.query(`
      CREATE TABLE queue_members (
        id serial PRIMARY KEY,
        queue_id integer NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
        interface varchar(128) NOT NULL,
        member_name varchar(128) NOT NULL,
        extension varchar(32) NOT NULL,
        penalty integer NOT NULL DEFAULT 0,
        paused boolean NOT NULL DEFAULT false,
        reason_paused varchar(128),
        CONSTRAINT uq_queue_members_queue_interface UNIQUE (queue_id, interface)
      )`);

    await queryRunner.query(`
      CREATE TABLE agent_statuses (
        id serial PRIMARY KEY,
        extension varchar(32) NOT NULL,
        status varchar(32) NOT NULL,
        previous_status varchar(32),
        reason varchar(255),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT uq_agent_statuses_extension UNIQUE (extension),
        CONSTRAINT ck_agent_statuses_status CHECK (status IN (${STATUSES})),
        CONSTRAINT ck_agent_statuses_previous_status CHECK (previous_status IS NULL OR previous_status IN (${STATUSES}))
      )`);

    await queryRunner.query(`
      CREATE TABLE agent_status_history (
        id serial PRIMARY KEY,
        extension varchar(32) NOT NULL,
        status varchar(32) NOT NULL,
        reason varchar(255),
        source varchar(16) NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        duration_seconds integer,
        CONSTRAINT ck_agent_status_history_status CHECK (status IN (${STATUSES})),
        CONSTRAINT ck_agent_status_history_source CHECK (source IN (${sqlList(AGENT_STATUS_SOURCES)}))
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_agent_status_history_extension_started_at ON agent_status_history (extension, started_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE call_records (
        id serial PRIMARY KEY,
        uniqueid varchar(64) NOT NULL,
        linkedid varchar(64) NOT NULL,
        queue varchar(128),
        agent_extension varchar(32),
        caller_number varchar(64),
        enqueued_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        wait_seconds integer,
        talk_seconds integer,
        disposition varchar(32),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_call_records_uniqueid UNIQUE (uniqueid)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_call_records_queue_enqueued_at ON call_records (queue, enqueued_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_call_records_agent_extension_enqueued_at ON call_records (agent_extension, enqueued_at)`,
    );
    await queryRunner.query(`CREATE INDEX ix_call_records_linkedid ON call_records (linkedid)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'call_records',
      'agent_status_history',
      'agent_statuses',
      'queue_members',
      'queues',
      'users',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
