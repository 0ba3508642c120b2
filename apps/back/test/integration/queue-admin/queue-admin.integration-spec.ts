// Admin REST for queues and members against the PBX simulator over TCP: each member change shows the
// AMI action in the simulator's log, the member in the live state, the row in Postgres and the audit.
import type { AdminQueue, OperatorStatusData } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { DataSource } from 'typeorm';
import {
  createLiveStatusApp,
  type LiveStatusTestApp,
  startSimulator,
  waitUntil,
} from '../../support/live-status-harness';

describe('admin queues and members', () => {
  let sim: PbxSimulator;
  let t: LiveStatusTestApp;
  let adminToken: string;
  let adminId: string;
  let operatorToken: string;

  beforeAll(async () => {
    sim = await startSimulator({ name: 'idle' }, { topology: 'demo' });
    t = await createLiveStatusApp(sim);
    const admin = await t.createUser({ role: 'admin' });
    adminToken = admin.token;
    adminId = admin.user.id;
    operatorToken = (await t.createUser({ role: 'operator', extension: '1005' })).token;
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  const as = (token: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      t.http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      t.http.patch(path).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => t.http.delete(path).set('Authorization', `Bearer ${token}`),
  });
  const admin = () => as(adminToken);
  const query = <T>(sql: string, params?: unknown[]): Promise<T[]> =>
    t.app.get(DataSource).query(sql, params);
  const actionsSince = (from: number, action: string) =>
    sim
      .actionLog()
      .slice(from)
      .filter((entry) => entry.action.toLowerCase() === action.toLowerCase());
  const liveMember = async (queue: string, iface: string): Promise<OperatorStatusData | undefined> => {
    await t.ingestion.flush();
    return (await t.snapshot()).operators.find((o) => o.queue === queue && o.interface === iface);
  };
  const MEMBER = encodeURIComponent('PJSIP/1005');

  it('creates a queue, refuses a second one of that name with 409, and lists it', async () => {
    const created = await admin().post('/api/admin/queues', {
      name: 'billing',
      strategy: 'rrmemory',
      wrapupSeconds: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'billing',
      strategy: 'rrmemory',
      wrapupSeconds: 10,
      members: [],
    });
    expect((await admin().post('/api/admin/queues', { name: 'billing', strategy: 'ringall' })).status).toBe(
      409,
    );
    const list = await admin().get('/api/admin/queues').expect(200);
    expect((list.body.items as AdminQueue[]).map((q) => q.name)).toEqual(['billing']);
  });

  it('answers 400 naming the field for bad input, 404 for an unknown queue, 403 for an operator', async () => {
    const bad = await admin().post('/api/admin/queues', { name: 'has space', strategy: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('name must be');
    expect(JSON.stringify(bad.body)).toContain('strategy must be one of');
    const badMember = await admin().post('/api/admin/queues/billing/members', {
      interface: '1005',
      penalty: -1,
    });
    expect(badMember.status).toBe(400);
    expect(JSON.stringify(badMember.body)).toContain('interface must look like PJSIP/1005');
    expect(JSON.stringify(badMember.body)).toContain('penalty must not be negative');
    expect((await admin().post('/api/admin/queues/nope/members', { interface: 'PJSIP/1005' })).status).toBe(
      404,
    );
    expect((await admin().patch(`/api/admin/queues/billing/members/${MEMBER}`, { penalty: 1 })).status).toBe(
      404,
    );
    expect((await as(operatorToken).get('/api/admin/queues')).status).toBe(403);
    expect(
      (await as(operatorToken).post('/api/admin/queues', { name: 'x', strategy: 'ringall' })).status,
    ).toBe(403);
  });

  it('adds a member with QueueAdd: the member is in the live state and in Postgres, audited', async () => {
    const from = sim.actionLog().length;
    const res = await admin().post('/api/admin/queues/billing/members', {
      interface: 'PJSIP/1005',
      memberName: 'Agent 1005',
      penalty: 1,
    });
    expect(res.status).toBe(201);
    expect(actionsSince(from, 'QueueAdd').map((a) => a.fields)).toEqual([
      expect.objectContaining({
        Queue: 'billing',
        Interface: 'PJSIP/1005',
        MemberName: 'Agent 1005',
        Penalty: '1',
      }),
    ]);
    await waitUntil(
      async () => (await liveMember('billing', 'PJSIP/1005')) !== undefined,
      5000,
      () => 'live member',
    );
    expect(await liveMember('billing', 'PJSIP/1005')).toMatchObject({ penalty: 1, membership: 'dynamic' });
    const rows = await query<{ interface: string; extension: string; penalty: number }>(
      `SELECT m.interface, m.extension, m.penalty FROM queue_members m JOIN queues q ON q.id = m.queue_id WHERE q.name = 'billing'`,
    );
    expect(rows).toEqual([{ interface: 'PJSIP/1005', extension: '1005', penalty: 1 }]);
    const audit = await query<{ actor: string; extension: string; details: { op: string } }>(
      `SELECT actor, extension, details FROM supervisor_actions WHERE action = 'queue-admin' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0]).toMatchObject({ actor: adminId, extension: '1005', details: { op: 'member.added' } });
    expect(
      (await admin().post('/api/admin/queues/billing/members', { interface: 'PJSIP/1005' })).status,
    ).toBe(409);
  });

  it('changes the penalty with QueuePenalty, seen live and in Postgres', async () => {
    const from = sim.actionLog().length;
    const res = await admin().patch(`/api/admin/queues/billing/members/${MEMBER}`, { penalty: 3 });
    expect(res.status).toBe(200);
    expect(actionsSince(from, 'QueuePenalty').map((a) => a.fields)).toEqual([
      expect.objectContaining({ Queue: 'billing', Interface: 'PJSIP/1005', Penalty: '3' }),
    ]);
    await waitUntil(
      async () => (await liveMember('billing', 'PJSIP/1005'))?.penalty === 3,
      5000,
      () => 'penalty 3',
    );
    const rows = await query<{ penalty: number }>(
      `SELECT penalty FROM queue_members WHERE interface = 'PJSIP/1005'`,
    );
    expect(rows).toEqual([{ penalty: 3 }]);
  });

  it('refuses to remove a static member of queues.conf with 409 and keeps its row', async () => {
    // PJSIP/1011 is a static member of billing in the simulator's demo topology (queues.conf).
    await query(
      `INSERT INTO queue_members (queue_id, interface, member_name, extension, penalty)
       SELECT id, 'PJSIP/1011', 'Agent 1011', '1011', 0 FROM queues WHERE name = 'billing'`,
    );
    const res = await admin().delete(`/api/admin/queues/billing/members/${encodeURIComponent('PJSIP/1011')}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('static');
    expect(await query(`SELECT 1 FROM queue_members WHERE interface = 'PJSIP/1011'`)).toHaveLength(1);
    await query(`DELETE FROM queue_members WHERE interface = 'PJSIP/1011'`);
  });

  it('removes a member with QueueRemove: gone from the live state and from Postgres', async () => {
    const from = sim.actionLog().length;
    const res = await admin().delete(`/api/admin/queues/billing/members/${MEMBER}`);
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual([]);
    expect(actionsSince(from, 'QueueRemove').map((a) => a.fields)).toEqual([
      expect.objectContaining({ Queue: 'billing', Interface: 'PJSIP/1005' }),
    ]);
    await waitUntil(
      async () => (await liveMember('billing', 'PJSIP/1005')) === undefined,
      5000,
      () => 'member gone',
    );
    expect(await query(`SELECT 1 FROM queue_members WHERE interface = 'PJSIP/1005'`)).toHaveLength(0);
  });

  it('deletes a queue, taking its dynamic members out of Asterisk first', async () => {
    await admin().post('/api/admin/queues/billing/members', { interface: 'PJSIP/1006' }).expect(201);
    const from = sim.actionLog().length;
    await admin().delete('/api/admin/queues/billing').expect(204);
    expect(actionsSince(from, 'QueueRemove').map((a) => a.fields['Interface'])).toEqual(['PJSIP/1006']);
    expect(await query(`SELECT 1 FROM queues WHERE name = 'billing'`)).toHaveLength(0);
    expect((await admin().delete('/api/admin/queues/billing')).status).toBe(404);
    const ops = await query<{ op: string }>(
      `SELECT details->>'op' AS op FROM supervisor_actions WHERE action = 'queue-admin' ORDER BY id`,
    );
    expect(ops.map((o) => o.op)).toEqual([
      'queue.created',
      'member.added',
      'member.penalty',
      'member.removed',
      'member.added',
      'queue.deleted',
    ]);
  });
});
