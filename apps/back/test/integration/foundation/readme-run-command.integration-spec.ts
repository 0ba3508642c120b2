// The README promises that one command sets up and runs the demo. This runs exactly that command
// (`npm run demo`) on its own database, port and Redis prefix, and waits for /health/ready.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TEST_POSTGRES_SERVER } from '../../support/test-database';
import { deleteRedisKeys } from '../../support/test-redis';
import { Client } from 'pg';

const WORKSPACE_ROOT = resolve(__dirname, '../../../../..');
const README_RUN_COMMAND = ['npm', 'run', 'demo'] as const;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

interface Readiness {
  status: string;
  checks: Record<string, { status: string; required: boolean }>;
}

async function readiness(url: string): Promise<{ code: number; body: Readiness } | null> {
  try {
    const res = await fetch(url);
    return { code: res.status, body: (await res.json()) as Readiness };
  } catch {
    return null;
  }
}

describe("the README's run command", () => {
  const dbName = `cc_readme_${randomBytes(4).toString('hex')}`;
  const redisPrefix = `test:readme-${randomBytes(4).toString('hex')}:`;
  let demo: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (demo?.pid) {
      try {
        process.kill(-demo.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((done) => setTimeout(done, 1000));
    }
    await deleteRedisKeys(redisPrefix);
    const client = new Client({ connectionString: `${TEST_POSTGRES_SERVER}/postgres` });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await client.end();
  });

  it('brings the back end up with the built-in PBX simulator and /health/ready answers 200 naming each dependency', async () => {
    const port = await freePort();
    demo = spawn(README_RUN_COMMAND[0], README_RUN_COMMAND.slice(1), {
      cwd: WORKSPACE_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        DB_NAME: dbName,
        DATABASE_URL: `${TEST_POSTGRES_SERVER}/${dbName}`,
        REDIS_KEY_PREFIX: redisPrefix,
        AMI_PORT: '0',
        PBX_SIM_SIP_WS_PORT: '0',
        LOG_LEVEL: 'warn',
      },
    });
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exited: number | null = null;
    demo.on('exit', (code) => (exited = code ?? -1));

    const deadline = Date.now() + 240_000;
    let ready: { code: number; body: Readiness } | null = null;
    while (Date.now() < deadline && exited === null) {
      ready = await readiness(`http://127.0.0.1:${port}/health/ready`);
      if (ready?.code === 200 && ready.body.checks['ami']?.status === 'up') break;
      await new Promise((done) => setTimeout(done, 1000));
    }
    if (ready?.code !== 200) throw new Error(`demo not ready (exit ${exited}):\n${output.slice(-3000)}`);

    expect(ready.body.status).toBe('ok');
    expect(ready.body.checks).toMatchObject({
      postgres: { status: 'up' },
      redis: { status: 'up' },
      ami: { status: 'up' },
      rabbitmq: { status: expect.stringMatching(/^(up|disabled)$/) },
    });
    expect(output).toContain(`http://localhost:${port}/`);
    expect(output).toMatch(/supervisor\s+\/ supervisor/);
  }, 300_000);
});
