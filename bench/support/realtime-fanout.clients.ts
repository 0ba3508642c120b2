// The benchmark's clients, in a process of their own (as browsers are): N socket.io-client connections
// to the server under test, each recording the bytes it received and two latencies, both from when a
// change was due (the run's start plus the change's planned offset: both processes read the same
// machine clock) to a receipt:
//   delivered: for every change value the client received, until it arrived (inside a batch or alone);
//   held:      for every change of its room, until the client held a value at least that new, so a
//              change that coalescing replaced by a later one counts its wait for that later one.
//   ours:  the typed client (@cc/realtime-client) watching its room: snapshot, then coalesced live:batch messages
//   naive: a bare socket receiving every change as it happens, as the service we replace sent them
import { REALTIME_SOCKET_PATH, type LiveRoom } from '@cc/contracts';
import { RealtimeClient } from '@cc/realtime-client';
import { io, type Socket } from 'socket.io-client';
import { cpuProfiler } from './cpu-profiler';
import { watchProcess, type ProcessHealth } from './process-health';
import { plannedAtMs, plannedChange, roomOfClient, versionsByEntity } from './realtime-fanout.workload';

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
  /** Histogram of change -> holding a value at least that new, 1 ms buckets, last bucket = overflow. */
  histogram: number[];
  /** Histogram of change -> receipt of that change's value, for the values that were sent. */
  deliveredHistogram: number[];
  /** Change values received (several per batch). */
  received: number;
  /** Socket.IO messages received during the run (a batch, or one naive change). */
  messages: number;
  deliveries: number;
  expectedDeliveries: number;
  bytes: number;
  clients: number;
  resyncs: number;
  /** This process from go to report. */
  health: ProcessHealth;
}

export type ChildMessage =
  { type: 'ready' } | { type: 'report'; report: ClientsReport } | { type: 'error'; message: string };

const HISTOGRAM_MS = 10_000;

interface Tracked {
  room: LiveRoom;
  /** Per entity (its list of planned versions), how many of them this client has covered. */
  covered: Map<readonly number[], number>;
  bytes: number;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const start = JSON.parse(process.argv[2] ?? '{}') as ClientsStart;
  const versions = versionsByEntity(start.totalChanges);
  // Looked up per received change: by kind, then id, without building a key string each time.
  const versionsOf = { operator: new Map<string, number[]>(), queue: new Map<string, number[]>() };
  for (const [key, list] of versions) {
    const kind = key.startsWith('operator:') ? 'operator' : 'queue';
    versionsOf[kind].set(key.slice(kind.length + 1), list);
  }
  const histogram = new Array<number>(HISTOGRAM_MS + 1).fill(0);
  const deliveredHistogram = new Array<number>(HISTOGRAM_MS + 1).fill(0);
  let startedAt = Number.POSITIVE_INFINITY;
  let deliveries = 0;
  let received = 0;
  let messages = 0;
  const bucket = (latency: number) => Math.max(0, Math.min(HISTOGRAM_MS, Math.round(latency)));

  const inRoom = (room: LiveRoom, queue: string) => room === 'live' || room === `queue:${queue}`;
  let expectedDeliveries = 0;
  const trackers: Tracked[] = [];
  const receive = (tracked: Tracked, kind: 'operator' | 'queue', id: string, version: number): void => {
    const list = versionsOf[kind].get(id);
    if (!list) return;
    const now = Date.now();
    deliveredHistogram[bucket(now - (startedAt + plannedAtMs(version - 1)))]++;
    received++;
    let at = tracked.covered.get(list) ?? 0;
    while (at < list.length && list[at] <= version) {
      histogram[bucket(now - (startedAt + plannedAtMs(list[at] - 1)))]++;
      deliveries++;
      at++;
    }
    tracked.covered.set(list, at);
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
      // Registered after the typed client's own listener: a change counts once the room's state holds it.
      client.socket.on('live:batch', (batch) => {
        if (batch.room !== tracked.room) return;
        if (startedAt !== Number.POSITIVE_INFINITY) messages++;
        for (const change of batch.changes) {
          if (change.event === 'operator:updated')
            receive(tracked, 'operator', 'patch' in change ? change.id : change.operator.id, change.version);
          else if (change.event === 'queue:updated')
            receive(tracked, 'queue', 'patch' in change ? change.id : change.queue.name, change.version);
        }
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
        messages++;
        const { queue } = plannedChange(change.version - 1);
        // Every client gets every change; it only counts those its screen would show.
        if (inRoom(tracked.room, queue)) receive(tracked, change.kind, change.id, change.version);
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
  let watch = watchProcess();

  // FANOUT_CPU_PROFILE_DIR: a CPU profile of this process over the run (go to report).
  const profiler = cpuProfiler(process.env['FANOUT_CPU_PROFILE_DIR']);
  let reportAsked: () => void = () => undefined;
  let profiled: Promise<void> = Promise.resolve();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'go') {
      startedAt = message.startedAt;
      // Handshakes and snapshots are not the stream: count from the start of the run.
      bytesAtGo = trackers.reduce((total, t) => total + t.bytes, 0);
      watch = watchProcess();
      profiled = profiler.around(
        `realtime-fanout-clients-${start.mode}`,
        () => new Promise<void>((resolve) => (reportAsked = resolve)),
      );
    }
    if (message.type === 'report') {
      reportAsked();
      const health = watch.stop();
      void profiled.then(() => {
        send({
          type: 'report',
          report: {
            histogram,
            deliveredHistogram,
            received,
            messages,
            deliveries,
            expectedDeliveries,
            bytes: trackers.reduce((total, t) => total + t.bytes, 0) - bytesAtGo,
            clients: trackers.length,
            resyncs: watches.reduce((total, w) => total + w.resyncs, 0),
            health,
          },
        });
        for (const socket of sockets) socket.disconnect();
        setTimeout(() => process.exit(0), 200);
      });
    }
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
