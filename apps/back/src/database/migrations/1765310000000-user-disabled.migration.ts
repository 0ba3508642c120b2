import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An admin can disable an account (kept for the audit trail and its history) instead of deleting it. */
export class UserDisabled1765310000000 implements MigrationInterface {
  name = 'UserDisabled1765310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN IF EXISTS disabled`);
  }
}
