// The benchmark's clients, in a process of their own (as browsers are): N socket.io-client connections
// to the server under test, each recording, for every change of its room, the time from when the change
// was due to when the client held a value at least that new, and the bytes it received.
//   ours:  the typed client (@cc/realtime-client) watching its room: snapshot, then coalesced, sequenced messages
//   naive: a bare socket receiving every change as it happens, as the service we replace sent them
import { REALTIME_SOCKET_PATH, type LiveRoom } from '@cc/contracts';
import { RealtimeClient } from '@cc/realtime-client';
import { io, type Socket } from 'socket.io-client';
import {
  entityKey,
  plannedAtMs,
  plannedChange,
  roomOfClient,
  versionsByEntity,
} from './realtime-fanout.workload';

export type ClientsMode = 'ours' | 'naive';

export interface ClientsStart {
  mode: ClientsMode;
  url: string;
  token: string;
  clients: number;
  totalChanges: number;
}

export type ParentMessage = { type: 'go'; startedAt: number } | { type: 'report' };

export interface ClientsReport {
  /** Histogram of change -> receipt latency, 1 ms buckets, last bucket = overflow. */
  histogram: number[];
  deliveries: number;
  expectedDeliveries: number;
  bytes: number;
  clients: number;
  resyncs: number;
}

export type ChildMessage =
  { type: 'ready' } | { type: 'report'; report: ClientsReport } | { type: 'error'; message: string };

const HISTOGRAM_MS = 10_000;

interface Tracked {
  room: LiveRoom;
  /** Per entity, how many of its planned versions this client has covered. */
  covered: Map<string, number>;
  bytes: number;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const start = JSON.parse(process.argv[2] ?? '{}') as ClientsStart;
  const versions = versionsByEntity(start.totalChanges);
  const histogram = new Array<number>(HISTOGRAM_MS + 1).fill(0);
  let startedAt = Number.POSITIVE_INFINITY;
  let deliveries = 0;

  const inRoom = (room: LiveRoom, queue: string) => room === 'live' || room === `queue:${queue}`;
  let expectedDeliveries = 0;
  const trackers: Tracked[] = [];
  const receive = (tracked: Tracked, key: string, version: number): void => {
    const list = versions.get(key);
    if (!list) return;
    const now = Date.now();
    let at = tracked.covered.get(key) ?? 0;
    while (at < list.length && list[at] <= version) {
      const latency = now - (startedAt + plannedAtMs(list[at] - 1));
      histogram[Math.max(0, Math.min(HISTOGRAM_MS, Math.round(latency)))]++;
      deliveries++;
      at++;
    }
    tracked.covered.set(key, at);
  };

  const sockets: { disconnect(): unknown }[] = [];
  const watches: { resyncs: number }[] = [];
  const countBytes = (tracked: Tracked, socket: Socket) => {
    socket.io.on('open', () => {
      socket.io.engine.on('data', (data: unknown) => {
        tracked.bytes +=
          typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
      });
    });
  };

  const opened: Promise<unknown>[] = [];
  for (let n = 0; n < start.clients; n++) {
    const tracked: Tracked = { room: roomOfClient(n), covered: new Map(), bytes: 0 };
    trackers.push(tracked);
    if (start.mode === 'ours') {
      const client = new RealtimeClient({
        url: start.url,
        token: () => start.token,
        socketOptions: { transports: ['websocket'] },
        ackTimeoutMs: 60_000,
      });
      sockets.push(client);
      countBytes(tracked, client.socket);
      client.socket.on('operator:updated', (m) => {
        if (m.room === tracked.room) receive(tracked, entityKey('operator', m.operator.id), m.version);
      });
      client.socket.on('queue:updated', (m) => {
        if (m.room === tracked.room) receive(tracked, entityKey('queue', m.queue.name), m.version);
      });
      opened.push(
        client.connect().then(() => {
          const watch = client.watchLive(tracked.room);
          watches.push(watch);
          return watch.ready;
        }),
      );
    } else {
      const socket: Socket = io(start.url, {
        path: REALTIME_SOCKET_PATH,
        transports: ['websocket'],
        forceNew: true,
      });
      sockets.push(socket);
      countBytes(tracked, socket);
      const onChange = (change: { kind: 'operator' | 'queue'; id: string; version: number }) => {
        const { queue } = plannedChange(change.version - 1);
        // Every client gets every change; it only counts those its screen would show.
        if (inRoom(tracked.room, queue)) receive(tracked, entityKey(change.kind, change.id), change.version);
      };
      socket.on('operator:updated', onChange);
      socket.on('queue:updated', onChange);
      opened.push(new Promise((resolve) => socket.once('connect', () => resolve(undefined))));
    }
    // Connect in small waves: a thousand handshakes at once would time out on a busy machine.
    if (n % 50 === 49) await Promise.all(opened.slice(-50));
    if (n % 250 === 249) process.stderr.write(`  [${start.mode}] ${n + 1} clients connected\n`);
  }
  await Promise.all(opened);
  for (const tracked of trackers) {
    for (const list of versions.values()) {
      if (inRoom(tracked.room, plannedChange(list[0] - 1).queue)) expectedDeliveries += list.length;
    }
  }
  send({ type: 'ready' });
  let bytesAtGo = 0;

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'go') {
      startedAt = message.startedAt;
      // Handshakes and snapshots are not the stream: count from the start of the run.
      bytesAtGo = trackers.reduce((total, t) => total + t.bytes, 0);
    }
    if (message.type === 'report') {
      send({
        type: 'report',
        report: {
          histogram,
          deliveries,
          expectedDeliveries,
          bytes: trackers.reduce((total, t) => total + t.bytes, 0) - bytesAtGo,
          clients: trackers.length,
          resyncs: watches.reduce((total, w) => total + w.resyncs, 0),
        },
      });
      for (const socket of sockets) socket.disconnect();
      setTimeout(() => process.exit(0), 200);
    }
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
