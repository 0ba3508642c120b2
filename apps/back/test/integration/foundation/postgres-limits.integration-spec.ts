import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/test-app';

// The serving pool's limits, against the real Postgres: a statement that runs too long is cancelled by
// Postgres and the caller gets an error, instead of a request that waits for ever.
describe('Postgres limits of the serving pool (real Postgres)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { DATABASE_STATEMENT_TIMEOUT_MS: '300' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    const db = t.app.get(DataSource);
    const started = Date.now();
    await expect(db.query('SELECT pg_sleep(5)')).rejects.toThrow(/statement timeout/);
    // Cancelled near the limit, not after the five seconds the statement asked for.
    expect(Date.now() - started).toBeLessThan(4_000);
    // The pool goes on serving.
    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('bounds a wait for a row lock the same way', async () => {
    const db = t.app.get(DataSource);
    await db.query('CREATE TABLE lock_probe (id int PRIMARY KEY)');
    await db.query('INSERT INTO lock_probe VALUES (1)');
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query('SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE');
      await expect(db.query('SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE')).rejects.toThrow(
        /statement timeout/,
      );
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it('names the application and keeps its limits on the session', async () => {
    const db = t.app.get(DataSource);
    const [row] = await db.query(
      `SELECT current_setting('application_name') AS app,
              current_setting('statement_timeout') AS statement,
              current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(row).toEqual({ app: 'callcenter-back', statement: '300ms', idle: '1min' });
  });
});
