// Redis does not exist for this app (nothing listens on 127.0.0.1:1); Postgres is real.
import type { OperatorStatusData, QueueStatusData } from '@cc/contracts';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { migrateAndSeed, NO_ASTERISK_ENV } from './queue-config.test-seed';

const BASE = '/api/queue-status';

describe('queue-status reads with Redis unreachable', () => {
  let database: TestDatabase;
  let t: TestApp;
  let supervisor: string;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateAndSeed(
      database.url,
      [
        { name: 'sales', strategy: 'rrmemory' },
        { name: 'support', strategy: 'ringall' },
      ],
      [
        { queue: 'sales', iface: 'PJSIP/1001', name: 'Agent 1001', penalty: 1 },
        { queue: 'support', iface: 'PJSIP/1002', name: 'Agent 1002', paused: true, reasonPaused: 'Lunch' },
      ],
    );
    // The whole app's Redis is down (the live store shares its client); AMI is unreachable too.
    t = await createTestApp({ database, env: { ...NO_ASTERISK_ENV, REDIS_URL: 'redis://127.0.0.1:1' } });
    supervisor = (await t.createUser({ role: 'supervisor' })).token;
    admin = (await t.createUser({ role: 'admin' })).token;
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const get = (path: string) => t.http.get(`${BASE}${path}`).set('Authorization', `Bearer ${supervisor}`);

  it('GET /operators answers the Postgres members with source db', async () => {
    const started = Date.now();
    const res = await get('/operators').expect(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.body.source).toBe('db');
    const items = res.body.items as OperatorStatusData[];
    expect(items.map((o) => [o.id, o.name, o.status, o.penalty, o.paused, o.pausedReason])).toEqual([
      ['sales:PJSIP/1001', 'Agent 1001', 'UNKNOWN', 1, false, ''],
      ['support:PJSIP/1002', 'Agent 1002', 'UNKNOWN', 0, true, 'Lunch'],
    ]);
    await get(`/operators/${encodeURIComponent('support:PJSIP/1002')}`).expect(200);
    const byQueue = await get('/operators/queue/sales').expect(200);
    expect(byQueue.body).toMatchObject({ source: 'db', items: [{ id: 'sales:PJSIP/1001' }] });
  });

  it('GET /queues answers the Postgres queues with source db', async () => {
    const res = await get('/queues').expect(200);
    expect(res.body.source).toBe('db');
    expect((res.body.items as QueueStatusData[]).map((q) => [q.name, q.strategy, q.totalMembers])).toEqual([
      ['sales', 'rrmemory', 1],
      ['support', 'ringall', 1],
    ]);
    const one = await get('/queues/support').expect(200);
    expect(one.body).toMatchObject({ source: 'db', item: { name: 'support', paused: 1 } });
    await get('/queues/nowhere').expect(404);
  });

  it('GET /snapshot and /channels answer with source db and no channels', async () => {
    const snapshot = await get('/snapshot').expect(200);
    expect(snapshot.body).toMatchObject({ source: 'db', channels: [] });
    expect(snapshot.body.operators).toHaveLength(2);
    expect(snapshot.body.queues).toHaveLength(2);
    await get('/channels').expect(200, { source: 'db', items: [] });
    const channel = await get('/channels/1795381593.1').expect(503);
    expect(channel.body.message).toContain('unavailable');
  });

  it('refuses writes with 503 and a clear message, never writing to Postgres', async () => {
    const res = await t.http
      .delete(`${BASE}/operators/${encodeURIComponent('sales:PJSIP/1001')}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(503);
    expect(res.body.message).toMatch(/Redis\) unavailable/);
    await t.http.post(`${BASE}/sync/resync`).set('Authorization', `Bearer ${admin}`).expect(503);
    await t.http.delete(`${BASE}/clear`).set('Authorization', `Bearer ${admin}`).expect(503);
    const operators = await get('/operators').expect(200);
    expect(operators.body.items).toHaveLength(2);
  });

  it('sync status reports Redis and Asterisk unavailable', async () => {
    const res = await get('/sync/status').expect(200);
    expect(res.body).toMatchObject({
      inSync: false,
      postgres: { queues: 2, members: 2 },
      redis: { available: false },
      asterisk: { available: false },
      differences: [],
    });
  });
});
