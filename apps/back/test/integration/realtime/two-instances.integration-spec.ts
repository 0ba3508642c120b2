// Two back ends share one Redis (a private redis-server, so it can be restarted) and one database;
// one ingests the simulator. Clients on either instance must see the same things.
import type { ServerEventName } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import type { LiveRoomWatch } from '@cc/realtime-client';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { LiveStatusIngestionService } from '../../../src/live-status/ingestion/live-status-ingestion.service';
import { REDIS_RETRY_WHILE_DEGRADED_MS } from '../../../src/live-status/live-status-query.service';
import { realtimeRedisKeys } from '../../../src/realtime/adapters/realtime.redis-keys';
import {
  freezeSimulator,
  simulatorEnv,
  sleep,
  startPrivateRedis,
  startSimulator,
  waitUntil,
  type PrivateRedis,
} from '../../support/live-status-harness';
import type { TestApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { uniqueRedisKeyPrefix } from '../../support/test-redis';
import { clientState, describeDifference, redisState, snapshotSource } from './support/live-state-comparison';
import { createRealtimeTestApp } from './support/realtime-test-app';
import { closeAllSockets, nextEvent, realtimeClient, recordEvents } from './support/realtime-test-clients';

const CLUSTER_TIMEOUT_MS = 1000;

describe('realtime across two instances', () => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let sim: PbxSimulator;
  let a: TestApp;
  let b: TestApp;
  let prefix: string;
  let supervisorToken: string;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    database = await createTestDatabase();
    sim = await startSimulator(
      {
        name: 'load',
        calls: 20_000,
        queues: 3,
        agents: 20,
        pauses: 20,
        registrationLosses: 4,
        restartAtCall: null,
      },
      { speed: 20 },
    );
    prefix = uniqueRedisKeyPrefix();
    const env = {
      ...simulatorEnv(sim),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      REALTIME_CLUSTER_TIMEOUT_MS: String(CLUSTER_TIMEOUT_MS),
      // One deployment: both instances trust the same tokens.
      JWT_SECRET: randomBytes(24).toString('hex'),
      WEBHOOK_TOKEN: randomBytes(12).toString('hex'),
    };
    a = await createRealtimeTestApp({ database, env: { ...env, INSTANCE_ID: 'realtime-a' } });
    await waitUntil(() => a.app.get(LiveStatusIngestionService).ingesting, 10_000);
    b = await createRealtimeTestApp({ database, env: { ...env, INSTANCE_ID: 'realtime-b' } });
    supervisorToken = (await a.createUser({ role: 'supervisor' })).token;
  });

  afterAll(async () => {
    closeAllSockets();
    // Both share the key space and the database: close the apps, then clean up once.
    await a?.app.close().catch(() => undefined);
    await b?.app.close().catch(() => undefined);
    await sim?.stop();
    await redis?.kill();
    await database?.drop();
  });

  it('delivers a broadcast sent to instance A to a client on instance B', async () => {
    const { token } = await a.createUser({ role: 'operator', extension: '1001' });
    const onB = realtimeClient(b.url, token);
    await onB.connect();
    const received = nextEvent(onB.socket, 'call:new');
    await a.http
      .post('/api/v1/broadcast/call-new')
      .set('x-webhook-token', a.env.webhookToken)
      .send({ rooms: ['agent:1001'], payload: { callId: 'from-a' } })
      .expect(200);
    expect(await received).toEqual({ callId: 'from-a' });
  });

  it('pushes agent.status.changed raised on instance B to the agent and supervisors on instance A', async () => {
    const { token } = await a.createUser({ role: 'operator', extension: '1003' });
    const agent = realtimeClient(a.url, token);
    const supervisor = realtimeClient(a.url, supervisorToken);
    await Promise.all([agent.connect(), supervisor.connect()]);
    const toAgent = nextEvent(agent.socket, 'agent:status_changed');
    const toSupervisor = nextEvent(supervisor.socket, 'agent:status_changed');
    const event = {
      extension: '1003',
      status: 'BREAK' as const,
      previousStatus: 'ONLINE' as const,
      reason: 'Coffee',
      source: 'manual' as const,
      actor: null,
      statusChangedAt: new Date().toISOString(),
      nextStatus: null,
    };
    b.app.get(AppEventBus).emit('agent.status.changed', event);
    expect(await toAgent).toEqual(event);
    expect(await toSupervisor).toEqual(event);
  });

  it('keeps a user online until their tabs on both instances are closed', async () => {
    const observer = realtimeClient(a.url, supervisorToken);
    await observer.connect();
    const presence = recordEvents(observer.socket, [
      'user:online',
      'user:offline',
      'notification',
    ] as ServerEventName[]);
    const { user, token } = await a.createUser({ role: 'operator', extension: '1002' });
    const mine = () =>
      presence.filter((e) => (e.payload as { userId?: string }).userId === user.id).map((e) => e.event);

    const tabOnA = realtimeClient(a.url, token);
    await tabOnA.connect();
    await waitUntil(
      () => mine().length === 1,
      5000,
      () => JSON.stringify(mine()),
    );
    const tabOnB = realtimeClient(b.url, token);
    await tabOnB.connect();

    const authenticated = async () => (await stats(a, 'connections')).authenticatedSockets as number;
    const withBothTabs = await authenticated();
    tabOnA.disconnect();
    // Once A's stats no longer count the tab, its presence update is done; a notification sent after
    // it reaches the observer after any user:offline A would have sent.
    await waitUntil(async () => (await authenticated()) === withBothTabs - 1, 5000);
    await a.http
      .post('/api/v1/broadcast/notification')
      .set('x-webhook-token', a.env.webhookToken)
      .send({
        rooms: ['supervisors'],
        payload: { type: 's', message: 's', severity: 'info', timestamp: new Date().toISOString() },
      })
      .expect(200);
    await waitUntil(() => presence.some((e) => e.event === 'notification'), 5000);
    expect(mine()).toEqual(['user:online']);

    tabOnB.disconnect();
    await waitUntil(
      () => mine().length === 2,
      5000,
      () => JSON.stringify(mine()),
    );
    expect(mine()).toEqual(['user:online', 'user:offline']);
    observer.disconnect();
  });

  async function stats(app: TestApp, kind: 'connections' | 'rooms') {
    const res = await app.http
      .get(`/api/v1/stats/${kind}`)
      .set('Authorization', `Bearer ${supervisorToken}`)
      .expect(200);
    return res.body;
  }

  it('counts sockets on both instances, and answers in bounded time, marked partial, when one stays silent', async () => {
    const onA = realtimeClient(a.url, supervisorToken);
    const onB = realtimeClient(b.url, supervisorToken);
    await Promise.all([onA.connect(), onB.connect()]);
    await onB.joinRoom('order:77');
    const connections = await stats(a, 'connections');
    expect(connections).toMatchObject({ partial: false, expectedInstances: 2, respondingInstances: 2 });
    expect(connections.instances.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual([
      'realtime-a',
      'realtime-b',
    ]);
    expect(connections.instances.every((i: { sockets: number }) => i.sockets >= 1)).toBe(true);
    expect((await stats(a, 'rooms')).rooms).toEqual(
      expect.arrayContaining([{ room: 'order:77', sockets: 1 }]),
    );

    // An instance that is subscribed (so counted) but never answers: a hung process, as the cluster sees it.
    const silent = new Redis(redis.url);
    await silent.subscribe(`${realtimeRedisKeys(prefix).adapterChannelPrefix}#/#`);
    try {
      const started = Date.now();
      const partial = await stats(b, 'connections');
      const tookMs = Date.now() - started;
      expect(partial).toMatchObject({ partial: true, expectedInstances: 3, respondingInstances: 2 });
      expect(partial.sockets).toBe(connections.sockets);
      expect(tookMs).toBeLessThan(CLUSTER_TIMEOUT_MS + 1500);
    } finally {
      silent.disconnect();
    }
  });

  it('brings clients on both instances to exactly the state in Redis across a Redis restart mid-stream', async () => {
    const watch = (app: TestApp, room: 'live' | 'queue:support'): LiveRoomWatch => {
      const client = realtimeClient(app.url, supervisorToken);
      void client.connect();
      return client.watchLive(room);
    };
    const clients = {
      liveOnA: watch(a, 'live'),
      liveOnB: watch(b, 'live'),
      supportOnB: watch(b, 'queue:support'),
    };
    await Promise.all(Object.values(clients).map((c) => c.ready));
    const epochBefore = clients.liveOnB.state.at?.epoch ?? 0;
    await sleep(1500);

    await redis.kill();
    await sleep(2000);
    await redis.start();
    // The ingesting instance rebuilds into the empty Redis; the new epoch makes every client resync.
    await waitUntil(
      () => (clients.liveOnB.state.at?.epoch ?? 0) > epochBefore,
      30_000,
      () => 'a new epoch on B',
    );
    await sleep(2000);
    freezeSimulator(sim);
    const leader = [a, b].find((app) => app.app.get(LiveStatusIngestionService).ingesting) ?? a;
    await leader.app.get(LiveStatusIngestionService).flush();

    // An instance that read while Redis was down answers from Postgres until its next try of Redis, up to
    // REDIS_RETRY_WHILE_DEGRADED_MS later: the comparison starts once both read Redis again.
    await waitUntil(
      async () =>
        (await snapshotSource(a, supervisorToken)) === 'redis' &&
        (await snapshotSource(b, supervisorToken)) === 'redis',
      REDIS_RETRY_WHILE_DEGRADED_MS + 5000,
      () => 'snapshots read from Redis again on A and B',
      250,
    );
    let last = '';
    await waitUntil(
      async () => {
        const live = await redisState(a, supervisorToken);
        const support = await redisState(a, supervisorToken, 'support');
        const diffs = Object.entries(clients).map(([name, c]) =>
          [name, describeDifference(clientState(c.state), c.state.room === 'live' ? live : support)].join(
            ': ',
          ),
        );
        last = diffs.join('; ');
        return diffs.every((diff) => diff.endsWith('equal'));
      },
      15_000,
      () => last,
      250,
    );
    expect(clientState(clients.liveOnB.state)).toEqual(await redisState(b, supervisorToken));
    expect(clientState(clients.supportOnB.state)).toEqual(await redisState(b, supervisorToken, 'support'));
    expect(clientState(clients.liveOnA.state).operators.length).toBeGreaterThan(0);
    process.stdout.write(
      `[realtime two instances] Redis restarted: ${a.app.get(LiveStatusIngestionService).ingesting ? 'A' : 'B'} ingests after it; ` +
        `resyncs ${Object.entries(clients)
          .map(([n, c]) => `${n}=${c.resyncs}`)
          .join(' ')}\n`,
    );
  }, 90_000);
});
