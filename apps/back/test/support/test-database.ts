import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Local Postgres used by integration tests (trust auth). */
export const TEST_POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  /** e.g. `cc_test_3f9a0c1b2d4e`. */
  name: string;
  /** DATABASE_URL pointing at it. */
  url: string;
  /** Drops the database (terminating leftover connections). Safe to call twice. */
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${TEST_POSTGRES_SERVER}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty, uniquely named database; the caller drops it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cc_test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    name,
    url: `${TEST_POSTGRES_SERVER}/${name}`,
    drop: async () => {
      if (dropped) {
        return;
      }
      dropped = true;
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
