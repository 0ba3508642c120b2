// Two back ends share one Redis key space and one Postgres database and point at one simulator:
// the Redis lease lets only one of them ingest; when it stops, the other takes over.
import type { PbxSimulator } from '@cc/pbx-sim';
import type Redis from 'ioredis';
import { AmiConnectionService } from '../../../src/ami/ami-connection.service';
import { REDIS_CLIENT } from '../../../src/redis/redis.tokens';
import {
  createLiveStatusApp,
  expectedSnapshotFromGroundTruth,
  freezeSimulator,
  settledDifferences,
  sleep,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
  eventSessionIds,
} from '../../support/live-status-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { deleteRedisKeys, uniqueRedisKeyPrefix } from '../../support/test-redis';

interface Pair {
  sim: PbxSimulator;
  leader: LiveStatusTestApp;
  standby: LiveStatusTestApp;
}

describe('live status ingestion fail-over between two instances', () => {
  const prefixes: string[] = [];
  const databases: TestDatabase[] = [];
  const sims: PbxSimulator[] = [];
  // Apps whose close() would delete the shared keys under the standby's feet are closed with app.close().
  const apps: { t: LiveStatusTestApp; closed: boolean }[] = [];

  afterAll(async () => {
    for (const a of apps) if (!a.closed) await a.t.app.close().catch(() => undefined);
    for (const sim of sims) await sim.stop();
    for (const prefix of prefixes) await deleteRedisKeys(prefix);
    for (const database of databases) await database.drop();
  });

  async function startPair(name: string): Promise<Pair> {
    const prefix = uniqueRedisKeyPrefix();
    prefixes.push(prefix);
    const database = await createTestDatabase();
    databases.push(database);
    const sim = await startSimulator(
      {
        name: 'load',
        calls: 200,
        queues: 3,
        agents: 20,
        pauses: 6,
        registrationLosses: 2,
        restartAtCall: null,
      },
      { speed: 40 },
    );
    sims.push(sim);
    const env = { REDIS_KEY_PREFIX: prefix, LIVE_STATUS_RECONCILE_MS: '2000' };
    const leader = await createLiveStatusApp(sim, { database, env: { ...env, INSTANCE_ID: `${name}-a` } });
    apps.push({ t: leader, closed: false });
    await waitUntil(() => leader.ingestion.ingesting, 10_000);
    const standby = await createLiveStatusApp(sim, { database, env: { ...env, INSTANCE_ID: `${name}-b` } });
    apps.push({ t: standby, closed: false });

    // Several lease renewals (1 s each) with both instances up: still one ingester, one AMI session.
    for (let i = 0; i < 6; i++) {
      await sleep(400);
      expect([leader.ingestion.ingesting, standby.ingestion.ingesting]).toEqual([true, false]);
      expect(eventSessionIds(sim)).toHaveLength(1);
    }
    expect(standby.app.get(AmiConnectionService).status).toBe('stopped');
    // The standby serves the leader's state from the shared Redis.
    expect((await standby.snapshot()).source).toBe('redis');
    const callsStarted = () => sim.groundTruth().scenario?.callsStarted ?? 0;
    await waitUntil(
      () => callsStarted() >= 60,
      20_000,
      () => `calls started: ${callsStarted()}`,
    );
    return { sim, leader, standby };
  }

  function markClosed(t: LiveStatusTestApp): void {
    const entry = apps.find((a) => a.t === t);
    if (entry) entry.closed = true;
  }

  /** Time from `since` until the standby ingests over its own AMI session (the only one). */
  async function takeover({ sim, standby }: Pair, since: number): Promise<number> {
    const ami = standby.app.get(AmiConnectionService);
    await waitUntil(
      () => standby.ingestion.ingesting && ami.isConnected && eventSessionIds(sim).length === 1,
      6000,
      () => `standby ingesting: ${standby.ingestion.ingesting}, AMI: ${ami.status}`,
      10,
    );
    return Date.now() - since;
  }

  /** The standby ingests the rest of the traffic; stop it with the last calls up and compare. */
  async function expectGroundTruth({ sim, standby }: Pair): Promise<number> {
    await waitUntil(() => sim.groundTruth().scenario?.finished === true, 45_000);
    freezeSimulator(sim);
    const frozen = expectedSnapshotFromGroundTruth(sim.groundTruth());
    expect(frozen.channels.length).toBeGreaterThan(0);
    expect(await settledDifferences(standby, sim, 5000)).toEqual([]);
    return frozen.channels.length;
  }

  it('lets exactly one instance ingest; stop it and the other takes over within 5 s with the state still right', async () => {
    const pair = await startPair('stop');
    const stoppedAt = Date.now();
    markClosed(pair.leader);
    await pair.leader.app.close();
    const closedInMs = Date.now() - stoppedAt;
    const tookMs = await takeover(pair, stoppedAt);
    expect(tookMs).toBeLessThan(5000);
    const channels = await expectGroundTruth(pair);
    process.stdout.write(
      `[failover] clean stop: standby ingesting and logged in to AMI ${tookMs} ms after the leader began ` +
        `to stop (its close() took ${closedInMs} ms); zero differences with ${channels} channels up\n`,
    );
  }, 60_000);

  it('takes over within 5 s when the leader vanishes without releasing the lease', async () => {
    const pair = await startPair('crash');
    // As a crashed process would: its Redis and AMI connections drop at once, the lease stays until its TTL.
    const crashedAt = Date.now();
    pair.leader.app.get<Redis>(REDIS_CLIENT).disconnect();
    await pair.leader.app.get(AmiConnectionService).disconnect();
    const tookMs = await takeover(pair, crashedAt);
    expect(tookMs).toBeLessThan(5000);
    // The cut-off leader steps down by itself once its lease could not be renewed.
    await waitUntil(() => !pair.leader.ingestion.ingesting, 5000);
    const channels = await expectGroundTruth(pair);
    process.stdout.write(
      `[failover] crash: standby ingesting and logged in to AMI ${tookMs} ms after the leader vanished ` +
        `(lease TTL 3000 ms); zero differences with ${channels} channels up\n`,
    );
  }, 60_000);
});
