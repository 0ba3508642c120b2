import type { MigrationInterface, QueryRunner } from 'typeorm';

// A migration is frozen: the lists are spelled here as they were, never imported from code that may change.
const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
const DISPOSITIONS = ['answered', 'abandoned', 'timeout', 'transferred', 'failed'] as const;
const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/**
 * The call ledger's full facts: caller name, direction, ring and hold seconds, lowercase dispositions
 * from a closed list, and an index for the metrics' per-agent reads by answer time.
 */
export class CallLedger1765200000000 implements MigrationInterface {
  name = 'CallLedger1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE call_records
        ADD COLUMN caller_name varchar(128),
        ADD COLUMN direction varchar(16) NOT NULL DEFAULT 'inbound',
        ADD COLUMN ring_seconds integer,
        ADD COLUMN hold_seconds integer,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`UPDATE call_records SET disposition = lower(disposition)`);
    await queryRunner.query(
      `ALTER TABLE call_records ADD CONSTRAINT ck_call_records_direction CHECK (direction IN (${sqlList(DIRECTIONS)}))`,
    );
    await queryRunner.query(
      `ALTER TABLE call_records ADD CONSTRAINT ck_call_records_disposition CHECK (disposition IS NULL OR disposition IN (${sqlList(DISPOSITIONS)}))`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_call_records_agent_extension_answered_at ON call_records (agent_extension, answered_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_call_records_agent_extension_answered_at`);
    await queryRunner.query(`
      ALTER TABLE call_records
        DROP CONSTRAINT IF EXISTS ck_call_records_disposition,
        DROP CONSTRAINT IF EXISTS ck_call_records_direction,
        DROP COLUMN updated_at,
        DROP COLUMN hold_seconds,
        DROP COLUMN ring_seconds,
        DROP COLUMN direction,
        DROP COLUMN caller_name`);
  }
}
