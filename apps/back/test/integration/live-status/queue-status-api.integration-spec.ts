// The real app (LiveStatusModule as wired for production) on a throwaway Postgres database and the real
// Redis (keys under the app's unique prefix). AMI points where nothing listens, so no ingestion writes to
// Redis behind the tests' back. The last describe brings Asterisk in: the PBX simulator over AMI.
import type { OperatorStatusData, QueueStatusData, SyncStatus } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { DataSource } from 'typeorm';
import {
  createLiveStatusApp,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
} from '../../support/live-status-harness';
import { aChannel, anOperator, aQueueStatus } from '../../../src/live-status/testing/live-status.builders';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { insertQueueConfig, migrateAndSeed, NO_ASTERISK_ENV } from './queue-config.test-seed';

const BASE = '/api/queue-status';

const AT = '2026-11-24T04:00:00.000Z';

const operator = (queue: string, ext: string, patch: Partial<OperatorStatusData> = {}): OperatorStatusData =>
  anOperator(queue, ext, { name: `Agent PJSIP/${ext}`, callsTaken: 2, updatedAt: AT, ...patch });

const channel = aChannel('1795381593.7', {
  name: 'PJSIP/1001-00000007',
  connectedLine: '+15551230001',
  linkedId: '1795381593.6',
  bridgeId: 'b-1',
  startedAt: AT,
  duration: 4,
});

const vipQueue = aQueueStatus('vip', {
  strategy: 'ringall',
  callersWaiting: 1,
  longestWaitSec: 12,
  completed: 3,
  abandoned: 1,
  serviceLevelPct: 66.7,
  callers: [
    {
      uniqueid: '1795381593.9',
      channel: 'Local/502@from-external-00000004;2',
      callerId: '+15551230009',
      callerName: 'Customer Nine',
      position: 1,
      joinedAt: AT,
    },
  ],
  updatedAt: AT,
});

const enc = encodeURIComponent;

describe('/api/queue-status against real Postgres and Redis', () => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let operatorToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Rows exist before the app starts, so the start-up seed has something to load.
    await migrateAndSeed(
      database.url,
      [
        { name: 'sales', strategy: 'rrmemory' },
        { name: 'support', strategy: 'ringall' },
      ],
      [
        { queue: 'sales', iface: 'PJSIP/1001', name: 'Agent 1001' },
        { queue: 'sales', iface: 'PJSIP/1002', name: 'Agent 1002', penalty: 2 },
        { queue: 'support', iface: 'PJSIP/1001', name: 'Agent 1001', paused: true, reasonPaused: 'Training' },
      ],
    );
    t = await createTestApp({ database, env: NO_ASTERISK_ENV });
    admin = (await t.createUser({ role: 'admin' })).token;
    supervisor = (await t.createUser({ role: 'supervisor' })).token;
    operatorToken = (await t.createUser({ role: 'operator' })).token;
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const get = (path: string, token = supervisor) =>
    t.http.get(`${BASE}${path}`).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object, token = admin) =>
    t.http.post(`${BASE}${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const del = (path: string, token = admin) =>
    t.http.delete(`${BASE}${path}`).set('Authorization', `Bearer ${token}`);

  it('seeds Redis from Postgres at start-up: members with status UNKNOWN, queues with their strategy', async () => {
    const operators = await get('/operators').expect(200);
    expect(operators.body.source).toBe('redis');
    const seeded = (operators.body.items as OperatorStatusData[]).sort((a, b) => a.id.localeCompare(b.id));
    expect(seeded.map((o) => [o.id, o.status, o.penalty, o.paused, o.pausedReason])).toEqual([
      ['sales:PJSIP/1001', 'UNKNOWN', 0, false, ''],
      ['sales:PJSIP/1002', 'UNKNOWN', 2, false, ''],
      ['support:PJSIP/1001', 'UNKNOWN', 0, true, 'Training'],
    ]);
    const queues = await get('/queues').expect(200);
    expect(queues.body.source).toBe('redis');
    expect((queues.body.items as QueueStatusData[]).map((q) => [q.name, q.strategy]).sort()).toEqual([
      ['sales', 'rrmemory'],
      ['support', 'ringall'],
    ]);
  });

  it('operators: create, read by URL-encoded memberId and by queue, delete, then 404', async () => {
    const agent = operator('sales', '1003', { status: 'INUSE', inCall: true, currentCall: null });
    const created = await post('/operators', agent).expect(201);
    expect(created.body).toEqual(agent);

    const one = await get(`/operators/${enc(agent.id)}`).expect(200);
    expect(one.body).toEqual({ source: 'redis', item: agent });
    expect(enc(agent.id)).toBe('sales%3APJSIP%2F1003');

    const inQueue = await get('/operators/queue/sales').expect(200);
    expect((inQueue.body.items as OperatorStatusData[]).map((o) => o.id)).toContain(agent.id);
    const inOther = await get('/operators/queue/support').expect(200);
    expect((inOther.body.items as OperatorStatusData[]).map((o) => o.id)).toEqual(['support:PJSIP/1001']);

    await del(`/operators/${enc(agent.id)}`).expect(204);
    const gone = await get(`/operators/${enc(agent.id)}`).expect(404);
    expect(gone.body.message).toContain('sales:PJSIP/1003');
    const again = await del(`/operators/${enc(agent.id)}`).expect(404);
    expect(again.body.message).toContain('sales:PJSIP/1003');
  });

  it('answers 400 naming the field for a bad operator body', async () => {
    const badStatus = await post('/operators', {
      ...operator('sales', '1004'),
      status: 'SLEEPING',
    }).expect(400);
    expect(badStatus.body.details.map((d: { field: string }) => d.field)).toEqual(['status']);
    expect(badStatus.body.message).toContain('status');

    const badDate = await post('/operators', {
      ...operator('sales', '1004'),
      updatedAt: 'yesterday',
    }).expect(400);
    expect(badDate.body.details.map((d: { field: string }) => d.field)).toEqual(['updatedAt']);

    const badCall = await post('/operators', {
      ...operator('sales', '1004'),
      currentCall: { channel: 'PJSIP/x', caller: '1', since: 'soon' },
    }).expect(400);
    expect(badCall.body.details.map((d: { field: string }) => d.field)).toEqual(['currentCall.since']);

    const badId = await post('/operators', {
      ...operator('sales', '1004'),
      id: 'sales:PJSIP/9',
    }).expect(400);
    expect(badId.body.details.map((d: { field: string }) => d.field)).toEqual(['id']);
    await get(`/operators/${enc('sales:PJSIP/1004')}`).expect(404);
  });

  it('channels: create, list, read, delete, then 404', async () => {
    await post('/channels', channel).expect(201);
    const list = await get('/channels').expect(200);
    expect(list.body).toEqual({ source: 'redis', items: [channel] });
    await get(`/channels/${enc(channel.id)}`).expect(200, { source: 'redis', item: channel });

    const bad = await post('/channels', { ...channel, state: 'FLYING' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['state']);

    await del(`/channels/${enc(channel.id)}`).expect(204);
    const gone = await get(`/channels/${enc(channel.id)}`).expect(404);
    expect(gone.body.message).toContain(channel.id);
    await del('/channels/no-such-channel').expect(404);
  });

  it('queues: create, list, read, 404 for an unknown queue', async () => {
    await post('/queues', vipQueue).expect(201, vipQueue);
    await get('/queues/vip').expect(200, { source: 'redis', item: vipQueue });
    const list = await get('/queues').expect(200);
    expect((list.body.items as QueueStatusData[]).map((q) => q.name).sort()).toEqual([
      'sales',
      'support',
      'vip',
    ]);
    const missing = await get('/queues/nowhere').expect(404);
    expect(missing.body.message).toContain('nowhere');
    await get('/operators/not-a-member').expect(404);
  });

  it('snapshot: operators, channels and queues from Redis', async () => {
    const res = await get('/snapshot').expect(200);
    expect(res.body.source).toBe('redis');
    expect(res.body.operators.length).toBeGreaterThanOrEqual(3);
    expect(Array.isArray(res.body.channels)).toBe(true);
    expect((res.body.queues as QueueStatusData[]).map((q) => q.name)).toContain('sales');
    expect(Number.isNaN(Date.parse(res.body.takenAt))).toBe(false);
  });

  describe('sync', () => {
    let dataSource: DataSource;

    beforeAll(() => {
      dataSource = t.app.get(DataSource);
    });

    it('lists a member Postgres has and Redis lacks, and one Redis has beyond Postgres', async () => {
      await insertQueueConfig(
        dataSource,
        [],
        [{ queue: 'support', iface: 'PJSIP/1002', name: 'Agent 1002' }],
      );
      await post('/operators', operator('support', '1009')).expect(201);

      const res = await get('/sync/status').expect(200);
      const status = res.body as SyncStatus;
      expect(status.asterisk.available).toBe(false);
      expect(status.redis.available).toBe(true);
      expect(status.postgres).toEqual({ queues: 2, members: 4 });
      expect(status.inSync).toBe(false);
      expect(status.differences).toEqual(
        expect.arrayContaining([
          { entity: 'member', id: 'support:PJSIP/1002', kind: 'missing', against: 'redis' },
          { entity: 'member', id: 'support:PJSIP/1009', kind: 'extra', against: 'redis' },
          { entity: 'queue', id: 'vip', kind: 'extra', against: 'redis' },
        ]),
      );
      expect(status.differences.filter((d) => d.against === 'asterisk')).toEqual([]);
    });

    it('resync reloads Postgres into Redis and leaves Redis in step (no Asterisk here: no rebuild)', async () => {
      const res = await post('/sync/resync', {}).expect(200);
      expect(res.body).toEqual({ queues: 2, members: 4, rebuiltFromAsterisk: false });

      const status = (await get('/sync/status').expect(200)).body as SyncStatus;
      expect(status.differences.filter((d) => d.against === 'redis')).toEqual([]);
      await get(`/operators/${enc('support:PJSIP/1002')}`).expect(200);
      await get(`/operators/${enc('support:PJSIP/1009')}`).expect(404);
    });
  });

  describe('roles', () => {
    it('refuses reads to an operator (403) and everything to an anonymous caller (401)', async () => {
      for (const path of ['/operators', '/queues', '/channels', '/snapshot', '/sync/status']) {
        await get(path, operatorToken).expect(403);
        await t.http.get(`${BASE}${path}`).expect(401);
      }
      await t.http.post(`${BASE}/operators`).send(operator('sales', '1005')).expect(401);
    });

    it('refuses writes to a supervisor (403) and lets the supervisor read', async () => {
      await post('/operators', operator('sales', '1005'), supervisor).expect(403);
      await post('/channels', channel, supervisor).expect(403);
      await post('/queues', vipQueue, supervisor).expect(403);
      await post('/sync/resync', {}, supervisor).expect(403);
      await del(`/operators/${enc('sales:PJSIP/1001')}`, supervisor).expect(403);
      await del(`/channels/${enc(channel.id)}`, supervisor).expect(403);
      await del('/clear', supervisor).expect(403);
      await get(`/operators/${enc('sales:PJSIP/1001')}`, supervisor).expect(200);
      await get('/sync/status', supervisor).expect(200);
      await get('/operators', admin).expect(200);
    });
  });

  it('documents every queue-status route in /api/docs-json', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { tags?: string[] }>>;
    const expected: [string, string][] = [
      ['/api/queue-status/operators', 'get'],
      ['/api/queue-status/operators', 'post'],
      ['/api/queue-status/operators/{memberId}', 'get'],
      ['/api/queue-status/operators/{memberId}', 'delete'],
      ['/api/queue-status/operators/queue/{name}', 'get'],
      ['/api/queue-status/channels', 'get'],
      ['/api/queue-status/channels', 'post'],
      ['/api/queue-status/channels/{channelId}', 'get'],
      ['/api/queue-status/channels/{channelId}', 'delete'],
      ['/api/queue-status/queues', 'get'],
      ['/api/queue-status/queues', 'post'],
      ['/api/queue-status/queues/{queueName}', 'get'],
      ['/api/queue-status/snapshot', 'get'],
      ['/api/queue-status/clear', 'delete'],
      ['/api/queue-status/sync/status', 'get'],
      ['/api/queue-status/sync/resync', 'post'],
    ];
    for (const [path, method] of expected) {
      expect({ path, method, tags: paths[path]?.[method]?.tags }).toEqual({
        path,
        method,
        tags: ['queue-status'],
      });
    }
    const schemas = res.body.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    expect(Object.keys(schemas.OperatorStatusDto?.properties ?? {})).toContain('status');
  });

  it('clear deletes the whole live state from Redis', async () => {
    const res = await del('/clear').expect(200);
    expect(res.body.removed).toBeGreaterThan(0);
    await get('/operators').expect(200, { source: 'redis', items: [] });
    await get('/queues').expect(200, { source: 'redis', items: [] });
  });
});

// Asterisk's side for real: the app ingests the PBX simulator over AMI, and its QueueStatus answer is
// compared with a Postgres configuration that deliberately disagrees with it in three ways.
describe('/api/queue-status/sync against the PBX simulator', () => {
  let sim: PbxSimulator | undefined;
  let database: TestDatabase | undefined;
  let t: LiveStatusTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
    await database?.drop();
  });

  it('lists members missing in, extra in and different from Asterisk, then resync rebuilds from it', async () => {
    sim = await startSimulator({ name: 'idle' });
    const truth = sim.groundTruth();
    const [first] = truth.queues;
    const [changed, ...rest] = first.members;
    const dropped = rest[rest.length - 1];
    database = await createTestDatabase();
    await migrateAndSeed(
      database.url,
      truth.queues.map((q) => ({ name: q.name, strategy: q.strategy })),
      [
        ...truth.queues.flatMap((q) =>
          q.members
            .filter((m) => !(q === first && m === dropped))
            .map((m) => ({
              queue: q.name,
              iface: m.interface,
              name: m.name,
              penalty: q === first && m === changed ? m.penalty + 3 : m.penalty,
              paused: m.paused,
              reasonPaused: m.pausedReason === '' ? null : m.pausedReason,
            })),
        ),
        { queue: first.name, iface: 'PJSIP/7777', name: 'Not in Asterisk' },
      ],
    );
    t = await createLiveStatusApp(sim, { database });
    const app = t;
    await waitUntil(
      () => app.ingestion.ingesting,
      10_000,
      () => 'ingestion lease',
    );
    const admin = (await app.createUser({ role: 'admin' })).token;

    const res = await app.http
      .get(`${BASE}/sync/status`)
      .set('Authorization', `Bearer ${app.supervisorToken}`)
      .expect(200);
    const status = res.body as SyncStatus;
    expect(status.asterisk).toEqual({
      available: true,
      queues: truth.queues.length,
      members: truth.queues.reduce((n, q) => n + q.members.length, 0),
    });
    expect(status.differences.filter((d) => d.against === 'asterisk')).toEqual([
      {
        entity: 'member',
        id: `${first.name}:${changed.interface}`,
        kind: 'different',
        against: 'asterisk',
        fields: { penalty: [changed.penalty + 3, changed.penalty] },
      },
      { entity: 'member', id: `${first.name}:${dropped.interface}`, kind: 'extra', against: 'asterisk' },
      { entity: 'member', id: `${first.name}:PJSIP/7777`, kind: 'missing', against: 'asterisk' },
    ]);

    const resync = await app.http
      .post(`${BASE}/sync/resync`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(resync.body).toEqual({
      queues: truth.queues.length,
      members: truth.queues.reduce((n, q) => n + q.members.length, 0),
      rebuiltFromAsterisk: true,
    });
  });
});
