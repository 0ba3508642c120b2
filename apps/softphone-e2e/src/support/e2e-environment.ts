import { PbxSimulator, type ScenarioOptions } from '@cc/pbx-sim';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const ROOT = join(__dirname, '../../../..');
const BACK_MAIN = join(ROOT, 'dist/apps/back/main.js');
const SOFTPHONE_DIST = join(ROOT, 'dist/apps/softphone/browser');
const POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const AMI_SECRET = 'e2e-ami-secret';
// Short, so the endpoint-loss scenario waits seconds rather than the production 10 s.
const ENDPOINT_DEBOUNCE_MS = 2000;

export interface E2eEnvironment {
  baseUrl: string;
  databaseUrl: string;
  /** ENDPOINT_DEBOUNCE_MS the back end runs with. */
  endpointDebounceMs: number;
  simulator: PbxSimulator;
  /** Back-end log lines, for the failure message when something does not come up. */
  logs: string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function onPostgres(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${POSTGRES}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitForReady(
  url: string,
  child: ChildProcess,
  logs: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`back end exited (${child.exitCode}):\n${logs.join('')}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`back end not ready within ${timeoutMs} ms:\n${logs.slice(-40).join('')}`);
}

/**
 * The real thing, on private ports: the PBX simulator (demo topology, quiet: nothing happens unless a
 * test makes it) with AMI and SIP over WebSocket; the built back end (`dist/apps/back/main.js`) on a
 * fresh database and Redis prefix, migrated and seeded (agent1011/demo, supervisor/supervisor), serving
 * the built softphone. A `scenario` replaces the quiet demo exchange (the dashboard load test's).
 */
export async function startEnvironment(
  extraEnv: Record<string, string> = {},
  scenario?: ScenarioOptions,
): Promise<E2eEnvironment> {
  for (const path of [BACK_MAIN, join(SOFTPHONE_DIST, 'index.html')]) {
    if (!existsSync(path))
      throw new Error(`${path} is missing: build with \`npx nx run-many -t build -p back softphone\``);
  }
  const simulator = await PbxSimulator.start({
    host: '127.0.0.1',
    amiPort: 0,
    sipWsPort: 0,
    httpPort: null,
    // A scenario brings its own topology (the load scenario's generated agents); otherwise the demo one.
    ...(scenario ? { scenario } : { topology: 'demo', scenario: 'idle' }),
    amiUser: 'callcenter',
    amiSecret: AMI_SECRET,
  });
  const database = `cc_e2e_${randomBytes(6).toString('hex')}`;
  await onPostgres(`CREATE DATABASE ${database}`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_URL: `${POSTGRES}/${database}`,
    REDIS_KEY_PREFIX: `${database}:`,
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(simulator.amiPort),
    AMI_USER: 'callcenter',
    AMI_SECRET,
    SIP_WS_URL: `ws://127.0.0.1:${simulator.sipWsPort}/ws`,
    SOFTPHONE_DIST_DIR: SOFTPHONE_DIST,
    CORS_ORIGIN: `http://127.0.0.1:${port}`,
    ENDPOINT_DEBOUNCE_MS: String(ENDPOINT_DEBOUNCE_MS),
    ...extraEnv,
  };
  delete env['RABBITMQ_URL'];
  const run = promisify(execFile);
  await run(process.execPath, [BACK_MAIN, 'migrate'], { cwd: ROOT, env });
  await run(process.execPath, [BACK_MAIN, 'seed'], { cwd: ROOT, env });

  const logs: string[] = [];
  const child = spawn(process.execPath, [BACK_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await simulator.stop();
    await onPostgres(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  };
  try {
    await waitForReady(`${baseUrl}/health/ready`, child, logs, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    databaseUrl: `${POSTGRES}/${database}`,
    endpointDebounceMs: ENDPOINT_DEBOUNCE_MS,
    simulator,
    logs,
    stop,
  };
}
