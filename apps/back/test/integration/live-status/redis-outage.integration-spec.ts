// The app's Redis is a redis-server of this test's own (never the shared one on 6379): it is SIGKILLed
// while the simulator carries calls, and started again empty once the calls are over.
import type { LiveStatusSnapshot, OperatorStatusData, SourcedList } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import {
  createLiveStatusApp,
  expectedSnapshotFromGroundTruth,
  freezeSimulator,
  seedQueueConfigFromSimulator,
  settledDifferences,
  startPrivateRedis,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
  type PrivateRedis,
} from '../../support/live-status-harness';

describe('live status through a Redis outage', () => {
  let redis: PrivateRedis | undefined;
  let sim: PbxSimulator | undefined;
  let t: LiveStatusTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
    await redis?.kill();
  });

  it('answers from Postgres while Redis is down, then rebuilds the state equal to the ground truth', async () => {
    redis = await startPrivateRedis();
    const privateRedis = redis;
    sim = await startSimulator(
      {
        name: 'load',
        calls: 200,
        queues: 3,
        agents: 20,
        pauses: 6,
        registrationLosses: 2,
        restartAtCall: null,
      },
      { speed: 50 },
    );
    const running = sim;
    t = await createLiveStatusApp(running, {
      env: { REDIS_URL: privateRedis.url, LIVE_STATUS_RECONCILE_MS: '2000' },
    });
    const app = t;
    const members = await seedQueueConfigFromSimulator(app, running);
    const expectedIds = expectedSnapshotFromGroundTruth(running.groundTruth()).operators.map((o) => o.id);
    expect(expectedIds).toHaveLength(members);

    const callsStarted = () => running.groundTruth().scenario?.callsStarted ?? 0;
    await waitUntil(() => app.ingestion.ingesting, 10_000);
    await waitUntil(
      () => callsStarted() >= 30,
      20_000,
      () => `calls started: ${callsStarted()}`,
    );
    expect((await app.snapshot()).source).toBe('redis');

    await privateRedis.kill();
    const get = (path: string) =>
      app.http.get(`/api/queue-status${path}`).set('Authorization', `Bearer ${app.supervisorToken}`);
    const degraded = await get('/snapshot').expect(200);
    const snapshot = degraded.body as LiveStatusSnapshot;
    expect(snapshot.source).toBe('db');
    expect(snapshot.operators.map((o) => o.id).sort()).toEqual(expectedIds);
    expect(snapshot.queues.map((q) => q.name).sort()).toEqual(['billing', 'sales', 'support']);
    expect(snapshot.channels).toEqual([]);
    const operators = (await get('/operators').expect(200)).body as SourcedList<OperatorStatusData>;
    expect(operators.source).toBe('db');
    expect(operators.items).toHaveLength(members);

    // Calls, pauses and registrations go on while Redis is down; none of it reaches Redis. Then the
    // traffic stops with calls up, so the rebuilt state must hold live channels and callers too.
    await waitUntil(
      () => callsStarted() >= 90,
      20_000,
      () => `calls started: ${callsStarted()}`,
    );
    freezeSimulator(running);
    const frozen = expectedSnapshotFromGroundTruth(running.groundTruth());
    expect(frozen.channels.length).toBeGreaterThan(0);
    expect((await get('/snapshot').expect(200)).body.source).toBe('db');

    const restartedAt = Date.now();
    await privateRedis.start();
    let diff: string[] = [];
    const rebuiltInMs = await waitUntil(
      async () => {
        const res = await get('/snapshot');
        if (res.status !== 200 || res.body.source !== 'redis') return false;
        diff = await settledDifferences(app, running, 0);
        return diff.length === 0;
      },
      15_000,
      () => `differences left: ${diff.slice(0, 10).join('; ')}`,
      250,
    );
    expect(diff).toEqual([]);
    process.stdout.write(
      `[redis-outage] Redis back -> live state equal to the ground truth after ${rebuiltInMs} ms ` +
        `(${Date.now() - restartedAt} ms incl. checks), with ${frozen.channels.length} channels up\n`,
    );
  }, 90_000);
});
