// One back end with its embedded demo PBX; real socket.io-client connections over WebSocket.
import type { AuthenticatedUser, JoinRoomAck, JwtClaims } from '@cc/contracts';
import { JwtService } from '@nestjs/jwt';
import { readMetric, waitUntil } from '../../support/live-status-harness';
import { type TestApp, type TestUser } from '../../support/test-app';
import { createRealtimeTestApp } from './support/realtime-test-app';
import { closeAllSockets, nextEvent, rawSocket, realtimeClient } from './support/realtime-test-clients';

const AUTH_TIMEOUT_MS = 800;

describe('realtime gateway: authentication and rooms', () => {
  let t: TestApp;
  let operator: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await createRealtimeTestApp({
      env: {
        REALTIME_AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS),
        REALTIME_RATE_LIMIT_PER_SEC: '2',
        REALTIME_RATE_LIMIT_BURST: '30',
        REALTIME_FLOOD_DISCONNECT_AFTER: '10',
        REALTIME_MAX_MESSAGE_BYTES: '4096',
      },
    });
    // 1007 is a member of the demo's `support` queue only.
    operator = await t.createUser({ role: 'operator', extension: '1007' });
    supervisor = await t.createUser({ role: 'supervisor' });
  });

  afterEach(() => closeAllSockets());
  afterAll(async () => t?.close());

  const signWith = (user: AuthenticatedUser, expiresIn: number): Promise<string> => {
    const claims: JwtClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      extension: user.extension,
    };
    return t.app.get(JwtService).signAsync(claims, { expiresIn });
  };

  it('accepts the JWT in the handshake and says who is connected', async () => {
    const client = realtimeClient(t.url, operator.token);
    const connected = await client.connect();
    expect(connected).toEqual({ userId: operator.user.id, role: 'operator', socketId: client.socket.id });
  });

  it('accepts an authenticate event after connecting without a token', async () => {
    const socket = rawSocket(t.url);
    await nextEvent(socket, 'connect' as 'disconnect');
    const connected = nextEvent(socket, 'connected');
    const ack = await socket.timeout(2000).emitWithAck('authenticate', { token: supervisor.token });
    expect(ack).toEqual({ ok: true, userId: supervisor.user.id, role: 'supervisor', socketId: socket.id });
    expect(await connected).toMatchObject({ userId: supervisor.user.id, role: 'supervisor' });
  });

  it('refuses a wrong or expired handshake token with a connect_error naming the reason', async () => {
    const wrong = rawSocket(t.url, { token: `${operator.token}x` });
    const wrongError = (await nextEvent(wrong, 'connect_error')) as Error & { data: unknown };
    expect(wrongError.message).toBe('INVALID_TOKEN');

    const expiredToken = await signWith(operator.user, -10);
    const expired = rawSocket(t.url, { token: expiredToken });
    const expiredError = (await nextEvent(expired, 'connect_error')) as Error & { data: unknown };
    expect(expiredError.message).toBe('TOKEN_EXPIRED');
    expect(expiredError.data).toEqual({ code: 'TOKEN_EXPIRED', message: 'token expired' });
  });

  it('answers a wrong authenticate token with an error ack, then disconnects', async () => {
    const socket = rawSocket(t.url);
    await nextEvent(socket, 'connect' as 'disconnect');
    const reason = nextEvent(socket, 'disconnect-reason');
    const ack = await socket.timeout(2000).emitWithAck('authenticate', { token: 'not-a-jwt' });
    expect(ack).toEqual({ ok: false, error: { code: 'INVALID_TOKEN', message: 'invalid token' } });
    expect(await reason).toMatchObject({ code: 'INVALID_TOKEN' });
    await waitUntil(() => socket.disconnected, 2000);
  });

  it('disconnects a socket that never authenticates, with AUTH_TIMEOUT, and refuses its events meanwhile', async () => {
    const socket = rawSocket(t.url);
    await nextEvent(socket, 'connect' as 'disconnect');
    const connectedAt = Date.now();
    const reason = nextEvent(socket, 'disconnect-reason', 5000);
    expect(await socket.timeout(2000).emitWithAck('join-room', { room: 'operators' })).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'authenticate first' },
    });
    expect(await reason).toEqual({
      code: 'AUTH_TIMEOUT',
      message: `not authenticated within ${AUTH_TIMEOUT_MS} ms`,
    });
    expect(Date.now() - connectedAt).toBeGreaterThanOrEqual(AUTH_TIMEOUT_MS - 50);
    await waitUntil(() => socket.disconnected, 2000);
  });

  it('disconnects a socket when its token expires', async () => {
    const token = await signWith(supervisor.user, 2);
    const client = realtimeClient(t.url, token);
    await client.connect();
    const reason = await nextEvent(client.socket, 'disconnect-reason', 5000);
    expect(reason).toEqual({ code: 'TOKEN_EXPIRED', message: 'token expired' });
    await waitUntil(() => client.socket.disconnected, 2000);
  });

  it('lets an operator join operators, their own rooms and their queues, and refuses the rest with a code', async () => {
    await waitUntil(async () => {
      const res = await t.http
        .get('/api/queue-status/operators')
        .set('Authorization', `Bearer ${supervisor.token}`);
      return (res.body.items as { id: string }[]).some((o) => o.id === 'support:PJSIP/1007');
    }, 15_000);
    const client = realtimeClient(t.url, operator.token);
    await client.connect();
    const join = async (room: string): Promise<JoinRoomAck> => client.joinRoom(room);
    for (const room of ['operators', `operator:${operator.user.id}`, 'agent:1007']) {
      expect(await join(room)).toEqual({ ok: true, room });
    }
    expect(await join('queue:support')).toMatchObject({ ok: true, room: 'queue:support' });
    for (const room of [
      'queue:sales',
      'supervisors',
      'directors',
      'admins',
      'live',
      `operator:${supervisor.user.id}`,
      'agent:1001',
      'city:Paris',
      'order:1',
    ]) {
      const ack = await join(room);
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROOM' } });
    }
    expect(await join('galaxy:far')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROOM' } });
    expect(await client.leaveRoom('operators')).toEqual({ ok: true, room: 'operators' });
    expect(await client.leaveRoom('operators')).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });
  });

  it('lets a supervisor join any room; directors is the supervisors room', async () => {
    const client = realtimeClient(t.url, supervisor.token);
    await client.connect();
    for (const room of ['city:Paris', 'order:42', 'admins', 'operator:someone', 'agent:1001']) {
      expect(await client.joinRoom(room)).toEqual({ ok: true, room });
    }
    expect(await client.joinRoom('directors')).toEqual({ ok: true, room: 'supervisors' });
  });

  it('closes the connection of a client that sends a message over REALTIME_MAX_MESSAGE_BYTES', async () => {
    const client = realtimeClient(t.url, supervisor.token);
    await client.connect();
    const disconnected = nextEvent(client.socket, 'disconnect');
    client.socket.emit('join-room', { room: `city:${'x'.repeat(8192)}` }, () => undefined);
    expect(await disconnected).toBe('transport close');
  });

  it('answers events over the rate limit with RATE_LIMITED and disconnects a socket that keeps flooding', async () => {
    const before = await readMetric(t, 'realtime_rate_limited_total');
    const client = realtimeClient(t.url, supervisor.token);
    await client.connect();
    const reason = nextEvent(client.socket, 'disconnect-reason');
    const send = (count: number) =>
      Promise.all(
        Array.from({ length: count }, () =>
          client.socket
            .timeout(1500)
            .emitWithAck('join-room', { room: 'supervisors' })
            .then((ack) => (ack.ok ? 'ok' : ack.error.code))
            .catch(() => 'none'),
        ),
      );
    // The burst allowance (30) passes; then, tokens coming back at 2/s, a flood is refused, and the
    // 10th refusal disconnects: what follows is never answered.
    expect(await send(30)).toEqual(Array(30).fill('ok'));
    expect(await send(15)).toEqual([...Array(10).fill('RATE_LIMITED'), ...Array(5).fill('none')]);
    expect(await reason).toEqual({ code: 'FLOODING', message: 'too many refused events' });
    await waitUntil(() => client.socket.disconnected, 2000);
    expect((await readMetric(t, 'realtime_rate_limited_total')) - (Number.isNaN(before) ? 0 : before)).toBe(
      10,
    );
  });
});
