// Other services push through REST; real sockets show who received what.
import type { ServerEventName } from '@cc/contracts';
import type { RealtimeClient } from '@cc/realtime-client';
import type { TestApp } from '../../support/test-app';
import { waitUntil } from '../../support/live-status-harness';
import { closeAllSockets, realtimeClient, recordEvents } from './support/realtime-test-clients';
import { createRealtimeTestApp } from './support/realtime-test-app';

const WATCHED: ServerEventName[] = ['call:new', 'order:new', 'notification'];

describe('REST broadcast for other services', () => {
  let t: TestApp;
  let webhookToken: string;

  beforeAll(async () => {
    t = await createRealtimeTestApp();
    webhookToken = t.env.webhookToken;
  });

  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  async function connected(role: 'operator' | 'supervisor' | 'admin', extension: string | null = null) {
    const { token, user } = await t.createUser({ role, extension });
    const client = realtimeClient(t.url, token);
    await client.connect();
    return { client, user, seen: recordEvents(client.socket, WATCHED) };
  }

  /** A notification to every role room: once each socket has it, anything sent before has arrived too. */
  async function settle(clients: RealtimeClient[], seen: { event: string }[][]): Promise<void> {
    const before = seen.map((list) => list.length);
    await t.http
      .post('/api/v1/broadcast/notification')
      .set('x-webhook-token', webhookToken)
      .send({
        rooms: ['operators', 'supervisors', 'admins'],
        payload: {
          type: 'sentinel',
          message: 'sentinel',
          severity: 'info',
          timestamp: new Date().toISOString(),
        },
      })
      .expect(200);
    await waitUntil(
      () => seen.every((list, i) => list.length > before[i]),
      5000,
      () => `${clients.length} sockets`,
    );
  }

  it('delivers call-new to exactly the sockets in its target rooms', async () => {
    const agent = await connected('operator', '1001');
    const otherAgent = await connected('operator', '1002');
    const supervisor = await connected('supervisor');
    const admin = await connected('admin');
    const cityWatcher = await connected('supervisor');
    expect(await cityWatcher.client.joinRoom('city:Paris')).toEqual({ ok: true, room: 'city:Paris' });

    const call = { callId: 'c-1', callerNumber: '+33100000000', extension: '1001', data: { crmId: 7 } };
    const res = await t.http
      .post('/api/v1/broadcast/call-new')
      .set('x-webhook-token', webhookToken)
      .send({ rooms: ['agent:1001', 'directors'], payload: call })
      .expect(200);
    expect(res.body).toEqual({ event: 'call:new', rooms: ['agent:1001', 'supervisors'] });

    const order = { orderId: 'o-9', city: 'Paris', status: 'new' };
    await t.http
      .post('/api/v1/broadcast/order-new')
      .send({ rooms: ['city:Paris'], payload: order, token: webhookToken })
      .expect(200);

    const all = [agent, otherAgent, supervisor, admin, cityWatcher];
    await settle(
      all.map((s) => s.client),
      all.map((s) => s.seen),
    );
    // The embedded simulator's demo calls reach the same rooms through the call ledger (payloads with a
    // uniqueid): only what this broadcast sent is counted here.
    const received = (s: (typeof all)[number]) =>
      s.seen.filter(
        (e) =>
          e.event !== 'notification' &&
          !(typeof e.payload === 'object' && e.payload !== null && 'uniqueid' in e.payload),
      );
    expect(received(agent)).toEqual([{ event: 'call:new', payload: call }]);
    // The city watcher is a supervisor too: it gets the call and the order.
    expect(received(supervisor)).toEqual([{ event: 'call:new', payload: call }]);
    expect(received(cityWatcher)).toEqual([
      { event: 'call:new', payload: call },
      { event: 'order:new', payload: order },
    ]);
    expect(received(otherAgent)).toEqual([]);
    expect(received(admin)).toEqual([]);
  });

  it('answers 401 to a missing or wrong webhook token, whether in the header or the body', async () => {
    const body = { rooms: ['supervisors'], payload: { callId: 'x' } };
    await t.http.post('/api/v1/broadcast/call-updated').send(body).expect(401);
    await t.http
      .post('/api/v1/broadcast/call-updated')
      .set('x-webhook-token', 'wrong-token')
      .send(body)
      .expect(401);
    await t.http
      .post('/api/v1/broadcast/call-updated')
      .send({ ...body, token: `${webhookToken}x` })
      .expect(401);
    // A user's JWT is not a webhook token.
    const { token } = await t.createUser({ role: 'admin' });
    await t.http
      .post('/api/v1/broadcast/call-updated')
      .set('Authorization', `Bearer ${token}`)
      .send(body)
      .expect(401);
  });

  it('answers 400 naming the field for bad rooms and bad payloads', async () => {
    const post = (path: string, body: object) =>
      t.http.post(`/api/v1/broadcast/${path}`).set('x-webhook-token', webhookToken).send(body).expect(400);
    const fields = (res: { body: { details?: { field: string }[] } }) =>
      (res.body.details ?? []).map((d) => d.field);

    expect(fields(await post('order-updated', { rooms: ['nowhere'], payload: { orderId: '1' } }))).toEqual([
      'rooms',
    ]);
    expect(fields(await post('order-updated', { rooms: [], payload: { orderId: '1' } }))).toEqual(['rooms']);
    expect(fields(await post('call-new', { rooms: ['supervisors'], payload: {} }))).toEqual([
      'payload.callId',
    ]);
    const notification = await post('notification', {
      rooms: ['supervisors'],
      payload: { type: 't', message: 'm', severity: 'panic', timestamp: 'yesterday' },
    });
    expect(fields(notification).sort()).toEqual(['payload.severity', 'payload.timestamp']);
  });

  it('reports connections and rooms to supervisors and admins only', async () => {
    const supervisor = await t.createUser({ role: 'supervisor' });
    const operator = await t.createUser({ role: 'operator' });
    await t.http
      .get('/api/v1/stats/connections')
      .set('Authorization', `Bearer ${operator.token}`)
      .expect(403);
    await t.http.get('/api/v1/stats/rooms').expect(401);
    const connections = await t.http
      .get('/api/v1/stats/connections')
      .set('Authorization', `Bearer ${supervisor.token}`)
      .expect(200);
    expect(connections.body).toMatchObject({ partial: false, expectedInstances: 1, respondingInstances: 1 });
    expect(connections.body.sockets).toBeGreaterThanOrEqual(5);
    const rooms = await t.http
      .get('/api/v1/stats/rooms')
      .set('Authorization', `Bearer ${supervisor.token}`)
      .expect(200);
    expect(rooms.body.rooms).toEqual(expect.arrayContaining([{ room: 'city:Paris', sockets: 1 }]));
  });
});
