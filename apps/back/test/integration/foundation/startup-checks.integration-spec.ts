import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../../..');
const MAIN = 'apps/back/src/main.ts';

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The real entry, transpiled on the fly, so no prior build is needed.
function runMain(args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN, ...args], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        SWC_NODE_PROJECT: 'apps/back/tsconfig.app.json',
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('start-up (real process)', () => {
  it('refuses to start with a malformed REDIS_URL and names it', async () => {
    const result = await runMain([], { REDIS_URL: 'notaurl' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Invalid configuration: REDIS_URL: must be a redis:// URL');
  });

  it('refuses to start in production without JWT_SECRET and says so', async () => {
    const result = await runMain([], {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
      WEBHOOK_TOKEN: 'webhook-token-123',
      ADMIN_PASSWORD: 'a strong admin password',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET');
    expect(result.stderr).not.toContain('WEBHOOK_TOKEN');
  });

  describe('migrate and seed', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    afterAll(async () => {
      await database?.drop();
    });

    async function count(sql: string): Promise<number> {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return Number((await client.query(sql)).rows[0].count);
      } finally {
        await client.end();
      }
    }

    it('migrates a fresh database, then seeds the demo topology idempotently', async () => {
      const env = { DATABASE_URL: database.url, NODE_ENV: 'development' };
      const migrate = await runMain(['migrate'], env);
      expect(migrate.code).toBe(0);
      expect(await count('SELECT count(*) FROM queues')).toBe(0);

      for (let run = 0; run < 2; run += 1) {
        const seed = await runMain(['seed'], env);
        expect({ code: seed.code, stderr: seed.stderr }).toMatchObject({ code: 0 });
      }
      expect(await count('SELECT count(*) FROM queues')).toBe(3);
      expect(await count('SELECT count(*) FROM queue_members')).toBe(16);
      expect(
        await count(`SELECT count(*) FROM users WHERE role = 'operator' AND username LIKE 'agent10%'`),
      ).toBe(12);
      expect(await count(`SELECT count(*) FROM users WHERE username = 'supervisor'`)).toBe(1);
    });
  });
});
