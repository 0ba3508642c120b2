import {
  CHANNEL_STATES,
  type ChannelState,
  type ChannelStatusData,
  type LiveStatusSnapshot,
  type MemberStatus,
  type OperatorStatusData,
  type QueueStatusData,
} from '@cc/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { PbxSimulator, type GroundTruth, type PbxSimulatorOptions, type ScenarioOptions } from '@cc/pbx-sim';
import type { RawEnv } from '../../src/config/env.schema';
import { LiveStatusIngestionService } from '../../src/live-status/ingestion/live-status-ingestion.service';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

export const SIM_AMI_USER = 'harness';
export const SIM_AMI_SECRET = 'harness-secret';

/** The fields of an operator the ground truth can vouch for. */
export type ExpectedOperator = Pick<
  OperatorStatusData,
  | 'id'
  | 'name'
  | 'interface'
  | 'queue'
  | 'status'
  | 'paused'
  | 'pausedReason'
  | 'inCall'
  | 'callsTaken'
  | 'penalty'
  | 'membership'
>;

/** The fields of a queue the ground truth can vouch for. */
export type ExpectedQueue = Pick<
  QueueStatusData,
  'name' | 'totalMembers' | 'callersWaiting' | 'completed' | 'abandoned'
> & { strategy: string };

export type ExpectedChannel = Pick<ChannelStatusData, 'id' | 'name' | 'state'>;

export interface ExpectedSnapshot {
  operators: ExpectedOperator[];
  queues: ExpectedQueue[];
  channels: ExpectedChannel[];
}

/** What `GET /api/queue-status/snapshot` must say for this simulator state (ids as the API builds them). */
export function expectedSnapshotFromGroundTruth(truth: GroundTruth): ExpectedSnapshot {
  return {
    operators: truth.queues
      .flatMap((q) =>
        q.members.map((m): ExpectedOperator => ({
          id: `${q.name}:${m.interface}`,
          name: m.name,
          interface: m.interface,
          queue: q.name,
          status: m.status.name as MemberStatus,
          paused: m.paused,
          pausedReason: m.pausedReason,
          inCall: m.inCall,
          callsTaken: m.callsTaken,
          penalty: m.penalty,
          membership: m.membership,
        })),
      )
      .sort(byId),
    queues: truth.queues
      .map((q): ExpectedQueue => ({
        name: q.name,
        strategy: q.strategy,
        totalMembers: q.members.length,
        callersWaiting: q.callers.length,
        completed: q.completed,
        abandoned: q.abandoned,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    channels: truth.channels
      .map((c): ExpectedChannel => ({
        id: c.uniqueid,
        name: c.name,
        // An out-of-range code must show up as a difference, not be papered over.
        state: CHANNEL_STATES[c.state] ?? (`code ${c.state}` as ChannelState),
      }))
      .sort(byId),
  };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id);
}

/** The three lists of a snapshot; any entity shape, so a test can feed a partial or broken one. */
export interface SnapshotLists {
  operators: readonly object[];
  queues: readonly object[];
  channels: readonly object[];
}

/**
 * Field-by-field comparison of the API snapshot with the expectation; one readable line per difference
 * (`operator sales:PJSIP/1001 paused: expected true, got false`), empty when they agree.
 */
export function snapshotDifferences(actual: SnapshotLists, expected: ExpectedSnapshot): string[] {
  return [
    ...entityDifferences('operator', 'id', actual.operators, expected.operators),
    ...entityDifferences('queue', 'name', actual.queues, expected.queues),
    ...entityDifferences('channel', 'id', actual.channels, expected.channels),
  ];
}

function fieldsOf(entity: object): Record<string, unknown> {
  return entity as Record<string, unknown>;
}

function entityDifferences(
  kind: string,
  keyField: 'id' | 'name',
  actual: readonly object[],
  expected: readonly object[],
): string[] {
  const out: string[] = [];
  const actualByKey = new Map<string, Record<string, unknown>>();
  for (const a of actual) actualByKey.set(String(fieldsOf(a)[keyField]), fieldsOf(a));
  for (const e of expected.map(fieldsOf)) {
    const key = String(e[keyField]);
    const a = actualByKey.get(key);
    actualByKey.delete(key);
    if (!a) {
      out.push(`${kind} ${key}: missing (expected ${JSON.stringify(e)})`);
      continue;
    }
    for (const [field, value] of Object.entries(e)) {
      if (!Object.is(a[field], value))
        out.push(
          `${kind} ${key} ${field}: expected ${JSON.stringify(value)}, got ${JSON.stringify(a[field])}`,
        );
    }
  }
  for (const [key, a] of actualByKey)
    out.push(`${kind} ${key}: unexpected (got ${JSON.stringify(a['name'] ?? key)})`);
  return out;
}

export function startSimulator(
  scenario: ScenarioOptions,
  options: Omit<PbxSimulatorOptions, 'scenario' | 'amiUser' | 'amiSecret'> = {},
): Promise<PbxSimulator> {
  return PbxSimulator.start({
    amiPort: 0,
    httpPort: null,
    amiUser: SIM_AMI_USER,
    amiSecret: SIM_AMI_SECRET,
    seed: 7,
    ...options,
    scenario,
  });
}

/**
 * Ids of the simulator's AMI sessions that receive events: the ingesting instance's event session.
 * Every instance also keeps an action-only session (`Events: off`), which these leave out.
 */
export function eventSessionIds(sim: PbxSimulator): number[] {
  return [...sim.ami.sessions.values()].filter((s) => s.authenticated && s.mask.size > 0).map((s) => s.id);
}

/** Closes the event sessions only (as a lost connection of the ingesting instance); returns how many. */
export function dropEventSessions(sim: PbxSimulator, mode: 'reset' | 'end'): number {
  return eventSessionIds(sim).reduce((dropped, id) => dropped + sim.faults.dropAmi(mode, id), 0);
}

/** Environment that points an app at this simulator over TCP. */
export function simulatorEnv(sim: PbxSimulator): RawEnv {
  return {
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(sim.amiPort),
    AMI_USER: SIM_AMI_USER,
    AMI_SECRET: SIM_AMI_SECRET,
  };
}

export interface LiveStatusTestApp extends TestApp {
  ingestion: LiveStatusIngestionService;
  supervisorToken: string;
  snapshot(): Promise<LiveStatusSnapshot>;
}

/** The real app, ingesting from `sim` (once it holds the lease). */
export async function createLiveStatusApp(
  sim: PbxSimulator,
  options: TestAppOptions = {},
): Promise<LiveStatusTestApp> {
  const t = await createTestApp({ ...options, env: { ...simulatorEnv(sim), ...options.env } });
  try {
    const supervisorToken = (await t.createUser({ role: 'supervisor' })).token;
    return {
      ...t,
      ingestion: t.app.get(LiveStatusIngestionService),
      supervisorToken,
      snapshot: async () => {
        const res = await t.http
          .get('/api/queue-status/snapshot')
          .set('Authorization', `Bearer ${supervisorToken}`);
        if (res.status !== 200) throw new Error(`GET /snapshot answered ${res.status}: ${res.text}`);
        return res.body as LiveStatusSnapshot;
      },
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true; resolves with the elapsed ms, rejects with `describe()` on timeout. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string = () => 'condition',
  intervalMs = 50,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not met within ${timeoutMs} ms: ${describe()}`);
    await sleep(intervalMs);
  }
}

/**
 * Flushes the writer and compares until the API agrees with the ground truth or `timeoutMs` passes;
 * returns the differences of the last comparison (empty = zero drift).
 */
export async function settledDifferences(
  t: LiveStatusTestApp,
  sim: PbxSimulator,
  timeoutMs: number,
): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    await t.ingestion.flush();
    const diff = snapshotDifferences(await t.snapshot(), expectedSnapshotFromGroundTruth(sim.groundTruth()));
    if (diff.length === 0 || Date.now() - started > timeoutMs) return diff;
    await sleep(200);
  }
}

/** A counter's value from the Prometheus text of `GET /metrics` (NaN when absent). */
export async function readMetric(t: TestApp, name: string): Promise<number> {
  const res = await t.http.get('/metrics').expect(200);
  const line = (res.text as string)
    .split('\n')
    .find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** A redis-server of the test's own, so it can be killed without touching the machine's shared Redis. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: no shutdown, no persistence (started with --save '' --appendonly no). */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: async () => {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    start: async () => {
      if (child) throw new Error('private redis already running');
      const spawned = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      child = spawned;
      await waitUntil(
        async () => (await pingRedis(port)) || spawned.exitCode !== null,
        5000,
        () => `redis-server on ${port}`,
      );
      if (spawned.exitCode !== null)
        throw new Error(`redis-server on ${port} exited with ${spawned.exitCode}`);
    },
  };
  await redis.start();
  return redis;
}

async function pingRedis(port: number): Promise<boolean> {
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Writes the simulator's queues and members into the app's Postgres, as an administrator would configure them. */
export async function seedQueueConfigFromSimulator(t: TestApp, sim: PbxSimulator): Promise<number> {
  const db = t.app.get(DataSource);
  let members = 0;
  for (const queue of sim.model.topology.queues) {
    const [row] = (await db.query('INSERT INTO queues (name, strategy) VALUES ($1, $2) RETURNING id', [
      queue.name,
      queue.strategy,
    ])) as { id: number }[];
    for (const m of queue.members) {
      await db.query(
        `INSERT INTO queue_members (queue_id, interface, member_name, extension, penalty, paused, reason_paused)
         VALUES ($1, $2, $3, $4, 0, false, NULL)`,
        [row?.id, m.interface, m.name, m.interface.split('/')[1] ?? m.interface],
      );
      members++;
    }
  }
  return members;
}

/**
 * Stops the traffic with calls still up: no new arrivals or episodes, and every pending simulated
 * timer (ring, talk, patience, registration recovery) is cancelled, so the PBX state holds still
 * with channels, waiting callers and agents in calls for the comparison. The simulator cannot resume.
 */
export function freezeSimulator(sim: PbxSimulator): void {
  sim.scenario?.stop();
  sim.clock.cancelAll();
}
