import {
  REALTIME_SOCKET_PATH,
  type ClientToServerEvents,
  type LiveRoomSnapshot,
  type QueueStatusData,
  type RealtimeErrorCode,
  type ServerToClientEvents,
} from '@cc/contracts';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { RealtimeClient } from './realtime.client';

type Answer = { ok: true; snapshot: LiveRoomSnapshot } | { ok: false; code: RealtimeErrorCode };

const snapshot = (epoch: number): LiveRoomSnapshot => ({
  room: 'live',
  epoch,
  seq: 0,
  operators: [],
  channels: [],
  queues: [],
  takenAt: new Date(0).toISOString(),
});

const aQueue = (name: string): QueueStatusData => ({
  name,
  strategy: 'rrmemory',
  totalMembers: 0,
  available: 0,
  busy: 0,
  paused: 0,
  unavailable: 0,
  callersWaiting: 0,
  longestWaitSec: 0,
  completed: 0,
  abandoned: 0,
  serviceLevelPct: 100,
  callers: [],
  oldestCallerJoinedAt: null,
  updatedAt: new Date(0).toISOString(),
});

const unavailable: Answer = { ok: false, code: 'LIVE_STATE_UNAVAILABLE' };

/**
 * A socket.io server standing in for the gateway: it confirms the session, then answers each
 * `join-room` and `resync` with the next scripted answer (the last one repeats).
 */
async function startGateway(answers: Answer[]) {
  const http: HttpServer = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, { path: REALTIME_SOCKET_PATH });
  const next = (): Answer => (answers.length > 1 ? answers.shift() : answers[0]) as Answer;
  const reply = (answer: Answer) =>
    answer.ok
      ? { ok: true as const, room: 'live' as const, snapshot: answer.snapshot }
      : { ok: false as const, error: { code: answer.code, message: 'scripted' } };
  io.on('connection', (socket) => {
    socket.on('join-room', (_body, ack) => ack(reply(next())));
    socket.on('resync', (_body, ack) => ack(reply(next())));
    socket.emit('connected', { userId: 'u1', role: 'supervisor', socketId: socket.id });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    io,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

describe('RealtimeClient live rooms', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let client: RealtimeClient | undefined;

  afterEach(async () => {
    client?.disconnect();
    await gateway?.close();
  });

  async function connect(answers: Answer[]) {
    gateway = await startGateway(answers);
    client = new RealtimeClient({
      url: gateway.url,
      token: () => 't',
      socketOptions: { transports: ['websocket'] },
    });
    await client.connect();
    return client;
  }

  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('asks for the snapshot again when no instance publishes the live state yet at join', async () => {
    const watch = (await connect([unavailable, unavailable, { ok: true, snapshot: snapshot(5) }])).watchLive(
      'live',
    );
    await watch.ready;
    expect(watch.state.at).toEqual({ room: 'live', epoch: 5, seq: 0 });
    expect(watch.state.status).toBe('live');
  });

  it("reaches the new publisher's epoch when its first resync came during the fail-over (refused)", async () => {
    const answers: Answer[] = [{ ok: true, snapshot: snapshot(5) }];
    const watch = (await connect(answers)).watchLive('live');
    await watch.ready;
    // The former publisher is gone and the next one has not rebuilt yet: resyncs are refused...
    answers.push(unavailable, { ok: true, snapshot: snapshot(9) });
    answers.shift();
    gateway?.io.emit('live:position', { room: 'live', epoch: 5, seq: 3 });
    // ...and its `live:reset` reaches a client that is between two attempts.
    await until(() => watch.state.status === 'resyncing');
    gateway?.io.emit('live:reset', { room: 'live', epoch: 9, seq: 0 });
    await until(() => watch.state.at?.epoch === 9);
    expect(watch.state.status).toBe('live');
    expect(watch.resyncs).toBe(1);
  });

  it('applies live:batch messages in sequence and resyncs on a hole', async () => {
    const answers: Answer[] = [{ ok: true, snapshot: snapshot(5) }];
    const updates: number[] = [];
    const watch = (await connect(answers)).watchLive('live', (state) =>
      updates.push(state.queues.get('sales')?.completed ?? -1),
    );
    await watch.ready;
    const queue = (completed: number) => ({ ...aQueue('sales'), completed });
    gateway?.io.emit('live:batch', {
      room: 'live',
      epoch: 5,
      seq: 1,
      changes: [
        { event: 'queue:updated', version: 10, queue: queue(1) },
        { event: 'queue:updated', version: 11, queue: queue(2) },
      ],
    });
    await until(() => watch.state.at?.seq === 1);
    expect(updates).toEqual([-1, 2]);
    // Batch 2 never arrives: batch 3 reveals the hole and the client fetches a fresh snapshot.
    gateway?.io.emit('live:batch', {
      room: 'live',
      epoch: 5,
      seq: 3,
      changes: [{ event: 'queue:updated', version: 13, queue: queue(4) }],
    });
    await until(() => watch.resyncs === 1);
    expect(watch.state.at).toEqual({ room: 'live', epoch: 5, seq: 0 });
  });
});
