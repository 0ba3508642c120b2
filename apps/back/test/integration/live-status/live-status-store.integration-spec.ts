import type { LiveStatusChange } from '@cc/contracts';
// Runs against the real Redis on 127.0.0.1:6379, under a prefix unique to this run; only those keys are removed.
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { Worker } from 'node:worker_threads';
import type { ChannelStatusData, OperatorStatusData, QueueStatusData } from '@cc/contracts';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { LiveStatusWriter } from '../../../src/live-status/adapters/live-status.writer';
import { LiveStatusStoreUnavailableError } from '../../../src/live-status/adapters/live-status-store-unavailable.error';
import type { LiveStatusStoreLogger } from '../../../src/live-status/writes/live-status-store.types';
import { LiveStatusStore } from '../../../src/live-status/adapters/live-status.store';
import { aChannel, anOperator, aQueueStatus } from '../../../src/live-status/testing/live-status.builders';

const RUN_PREFIX = `test:${randomUUID().slice(0, 8)}:`;
const OTHER_PREFIX = `${RUN_PREFIX.slice(0, -1)}-other:`;
const HOUR_MS = 60 * 60 * 1000;
// Expected warnings (dead Redis, lazy index cleanup) would bury real failures in the output.
Logger.overrideLogger(['error']);
const silent: LiveStatusStoreLogger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const channel = (id: string, patch: Partial<ChannelStatusData> = {}): ChannelStatusData =>
  aChannel(id, { connectedLine: '5551234', duration: 12, ...patch });

// A queue in the middle of a shift, so every field holds something to round-trip through Redis.
function queueStatus(name: string, patch: Partial<QueueStatusData> = {}): QueueStatusData {
  return aQueueStatus(name, {
    totalMembers: 2,
    available: 1,
    busy: 1,
    callersWaiting: 1,
    longestWaitSec: 30,
    completed: 10,
    abandoned: 1,
    serviceLevelPct: 90,
    callers: [
      {
        uniqueid: '1.1',
        channel: 'PJSIP/trunk-1',
        callerId: '555',
        callerName: 'Bob',
        position: 1,
        joinedAt: '2026-11-24T03:00:00.000Z',
      },
    ],
    ...patch,
  });
}

const byId = <T extends { id: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => a.id.localeCompare(b.id));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

// Plain JS for a worker thread: runs one Lua check in a loop until told to stop, then reports.
const CHECK_LOOP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Redis = require(workerData.ioredisPath);
const redis = new Redis({ host: '127.0.0.1', port: 6379 });
let running = true;
parentPort.once('message', () => (running = false));
(async () => {
  let observations = 0, inconsistent = 0;
  const states = new Set();
  while (running) {
    const [bad, present] = await redis.eval(workerData.script, workerData.keys.length, ...workerData.keys, ...workerData.args);
    observations++;
    inconsistent += bad;
    states.add(present);
  }
  await redis.quit();
  parentPort.postMessage({ observations, inconsistent, states: [...states] });
})();
`;

async function keysMatching(client: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

describe('LiveStatusStore against real Redis', () => {
  let redis: Redis;
  let reader: Redis;
  let scope = 0;
  // Each test gets its own prefix under the run prefix, so tests never see each other's keys.
  const nextPrefix = (): string => `${RUN_PREFIX}${++scope}:`;
  const newStore = (prefix = nextPrefix(), ttlMs = HOUR_MS): LiveStatusStore =>
    new LiveStatusStore(redis, prefix, { ttlMs, timeoutMs: 2000 });

  beforeAll(() => {
    redis = new Redis({ host: '127.0.0.1', port: 6379, commandTimeout: 5000 });
    reader = new Redis({ host: '127.0.0.1', port: 6379, commandTimeout: 5000 });
  });

  afterAll(async () => {
    const ours = [
      ...(await keysMatching(redis, `${RUN_PREFIX}*`)),
      ...(await keysMatching(redis, `${OTHER_PREFIX}*`)),
    ];
    if (ours.length > 0) await redis.unlink(...ours);
    await Promise.all([redis.quit(), reader.quit()]);
  });

  it('round-trips operators through set, get, getAll, getByQueue and remove', async () => {
    const store = newStore();
    const alice = anOperator('sales', '1001');
    const bob = anOperator('sales', '1002', { paused: true, pausedReason: 'lunch' });
    const carol = anOperator('support', '1001', { inCall: true, status: 'INUSE' });
    await Promise.all([store.setOperator(alice), store.setOperator(bob), store.setOperator(carol)]);

    expect(await store.getOperator('sales:PJSIP/1002')).toEqual(bob);
    expect(byId(await store.getAllOperators())).toEqual(byId([alice, bob, carol]));
    expect(byId(await store.getOperatorsByQueue('sales'))).toEqual(byId([alice, bob]));
    expect(await store.getOperatorsByQueue('support')).toEqual([carol]);
    expect(await redis.get(store.keys.operator('sales:PJSIP/1001'))).toBe(JSON.stringify(alice));

    await store.setOperator({ ...alice, status: 'RINGING' });
    expect((await store.getOperator(alice.id))?.status).toBe('RINGING');

    await store.removeOperator(bob.id);
    expect(await store.getOperator(bob.id)).toBeNull();
    expect(byId(await store.getOperatorsByQueue('sales')).map((o) => o.id)).toEqual([alice.id]);
    expect((await redis.smembers(store.keys.allOperators)).sort()).toEqual([alice.id, carol.id].sort());
    expect(await redis.smembers(store.keys.queueOperators('sales'))).toEqual([alice.id]);
    expect(await store.getOperatorsByQueue('nobody')).toEqual([]);
  });

  it('round-trips channels and queues, and serves them all in one snapshot', async () => {
    const store = newStore();
    const first = channel('1700000000.1');
    const second = channel('1700000000.2', { state: 'RINGING', queue: null });
    const sales = queueStatus('sales');
    const support = queueStatus('support', { callers: [] });
    await Promise.all([
      store.setChannel(first),
      store.setChannel(second),
      store.setQueue(sales),
      store.setQueue(support),
    ]);
    await store.setOperator(anOperator('sales', '1001'));

    expect(await store.getChannel(first.id)).toEqual(first);
    expect(byId(await store.getAllChannels())).toEqual(byId([first, second]));
    expect(await store.getQueue('sales')).toEqual(sales);
    expect((await store.getAllQueues()).map((q) => q.name).sort()).toEqual(['sales', 'support']);

    const snapshot = await store.getFullSnapshot();
    expect(snapshot.source).toBe('redis');
    expect(snapshot.operators).toEqual([anOperator('sales', '1001')]);
    expect(byId(snapshot.channels)).toEqual(byId([first, second]));
    expect(snapshot.queues.map((q) => q.name).sort()).toEqual(['sales', 'support']);
    expect(Number.isNaN(Date.parse(snapshot.takenAt))).toBe(false);

    await store.removeChannel(first.id);
    await store.removeQueue('support');
    expect(await store.getChannel(first.id)).toBeNull();
    expect(await store.getAllChannels()).toEqual([second]);
    expect(await store.getAllQueues()).toEqual([sales]);
    expect(await redis.exists(store.keys.queueStatus('support'))).toBe(0);
  });

  it('serves changed entries fresh in the next snapshot, reusing frozen objects only for unchanged ones', async () => {
    const store = newStore();
    await Promise.all([
      store.setOperator(anOperator('sales', '1001')),
      store.setOperator(anOperator('sales', '1002')),
    ]);
    const first = await store.getFullSnapshot();
    await store.setOperator(anOperator('sales', '1001', { status: 'RINGING' }));
    const second = await store.getFullSnapshot();

    const find = (snapshot: typeof first, id: string): OperatorStatusData | undefined =>
      snapshot.operators.find((o) => o.id === id);
    expect(find(second, 'sales:PJSIP/1001')?.status).toBe('RINGING');
    expect(find(first, 'sales:PJSIP/1001')?.status).toBe('NOT_INUSE');
    expect(find(second, 'sales:PJSIP/1002')).toBe(find(first, 'sales:PJSIP/1002'));
    expect(Object.isFrozen(find(second, 'sales:PJSIP/1002'))).toBe(true);
    expect(JSON.parse((await store.getFullSnapshotJson()).toString())).toMatchObject({
      source: 'redis',
      operators: expect.arrayContaining([anOperator('sales', '1001', { status: 'RINGING' })]),
      channels: [],
      queues: [],
    });
  });

  it('sets the configured TTL on entries and indexes and refreshes it on every update', async () => {
    const store = newStore();
    const alice = anOperator('sales', '1001');
    await store.setOperator(alice);
    const watched = [
      store.keys.operator(alice.id),
      store.keys.allOperators,
      store.keys.queueOperators('sales'),
    ];
    for (const key of watched) {
      const pttl = await redis.pttl(key);
      expect(pttl).toBeGreaterThan(HOUR_MS - 10_000);
      expect(pttl).toBeLessThanOrEqual(HOUR_MS);
    }

    for (const key of watched) await redis.pexpire(key, 5000);
    await store.setOperator({ ...alice, callsTaken: 1 });
    for (const key of watched) expect(await redis.pttl(key)).toBeGreaterThan(HOUR_MS - 10_000);

    await store.setChannel(channel('9.9'));
    await store.setQueue(queueStatus('sales'));
    for (const key of [
      store.keys.channel('9.9'),
      store.keys.allChannels,
      store.keys.queueStatus('sales'),
      store.keys.allQueues,
    ]) {
      expect(await redis.pttl(key)).toBeGreaterThan(HOUR_MS - 10_000);
    }
  });

  it('leaves out entries whose key expired and removes them from the indexes afterwards', async () => {
    const prefix = nextPrefix();
    const shortLived = newStore(prefix, 150);
    const store = newStore(prefix);
    const gone = anOperator('sales', '1001');
    const kept = anOperator('sales', '1002');
    await shortLived.setOperator(gone);
    await shortLived.setChannel(channel('1.1'));
    await store.setOperator(kept);
    await store.setChannel(channel('2.2'));
    await sleep(200);

    expect(await redis.sismember(store.keys.allOperators, gone.id)).toBe(1);
    expect(await store.getOperatorsByQueue('sales')).toEqual([kept]);
    const snapshot = await store.getFullSnapshot();
    expect(snapshot.operators).toEqual([kept]);
    expect(snapshot.channels.map((c) => c.id)).toEqual(['2.2']);

    await eventually(async () => (await redis.sismember(store.keys.allOperators, gone.id)) === 0);
    await eventually(async () => (await redis.sismember(store.keys.queueOperators('sales'), gone.id)) === 0);
    await eventually(async () => (await redis.sismember(store.keys.allChannels, '1.1')) === 0);
    expect(await redis.sismember(store.keys.allOperators, kept.id)).toBe(1);
  });

  it('never lets a concurrent reader see an index member without its entry, or the reverse', async () => {
    const store = newStore();
    // Batches of ~100 kB: Redis reads a client's input 16 kB at a time, so a non-atomic batch would let the
    // reader's script run between its commands.
    const ids = Array.from({ length: 200 }, (_, i) =>
      anOperator(i % 2 ? 'sales' : 'support', String(1000 + i), { pausedReason: 'x'.repeat(400) }),
    );
    // One atomic observation: for every member, entry and both index memberships must agree.
    const check = `
      local bad = 0
      local present = 0
      for i = 1, #ARGV, 3 do
        local e = redis.call('EXISTS', ARGV[i])
        local g = redis.call('SISMEMBER', KEYS[1], ARGV[i + 2])
        local q = redis.call('SISMEMBER', ARGV[i + 1], ARGV[i + 2])
        if e ~= g or e ~= q then bad = bad + 1 end
        present = present + e
      end
      return {bad, present}`;
    const args = ids.flatMap((o) => [store.keys.operator(o.id), store.keys.queueOperators(o.queue), o.id]);

    // The reader runs on its own thread and connection, so its checks reach Redis while a batch is mid-way.
    const worker = new Worker(CHECK_LOOP_WORKER, {
      eval: true,
      workerData: {
        ioredisPath: require.resolve('ioredis'),
        script: check,
        keys: [store.keys.allOperators],
        args,
      },
    });
    const readerDone = new Promise<{ observations: number; inconsistent: number; states: number[] }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    await new Promise((resolve) => worker.once('online', resolve));
    await sleep(50);

    for (let round = 0; round < 100; round += 4) {
      await Promise.all(
        [0, 1, 2, 3].map((offset) =>
          store.applyWrites(
            ids.map((o, i): LiveStatusChange =>
              (round + offset + i) % 3 === 0
                ? { kind: 'operator', op: 'remove', version: 1, id: o.id }
                : {
                    kind: 'operator',
                    op: 'upsert',
                    version: 1,
                    id: o.id,
                    value: { ...o, callsTaken: round + offset },
                  },
            ),
          ),
        ),
      );
    }
    worker.postMessage('stop');
    const { observations, inconsistent, states } = await readerDone;
    const partialStates = new Set(states);

    expect(observations).toBeGreaterThan(20);
    expect(partialStates.size).toBeGreaterThan(1);
    expect(inconsistent).toBe(0);
  });

  it('turns a burst of 1,000 updates to one operator into far fewer Redis writes, ending on the last value', async () => {
    const store = newStore();
    const writer = new LiveStatusWriter(store, { logger: silent });
    const alice = anOperator('sales', '1001');
    const key = store.keys.operator(alice.id);
    // monitor() opens its own connection beside the one it is called on; both are closed below.
    const source = new Redis({ host: '127.0.0.1', port: 6379 });
    const monitor = await source.monitor();
    let setsSeen = 0;
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'set' && args[1] === key) setsSeen++;
    });
    try {
      for (let i = 1; i <= 1000; i++)
        writer.enqueue({
          kind: 'operator',
          op: 'upsert',
          version: 1,
          id: alice.id,
          value: { ...alice, callsTaken: i },
        });
      await writer.flush();
      await store.getOperator(alice.id); // a round trip after the flush, so MONITOR has relayed it
      await eventually(async () => setsSeen > 0);
    } finally {
      monitor.disconnect();
      source.disconnect();
    }

    expect(setsSeen).toBeLessThanOrEqual(2);
    expect(writer.stats).toMatchObject({ writesRequested: 1000, writesCoalesced: 999, failures: 0 });
    expect(writer.stats.flushes).toBeLessThanOrEqual(2);
    expect((await store.getOperator(alice.id))?.callsTaken).toBe(1000);
  });

  it('replaceAll writes the new state and removes every key that is no longer in it', async () => {
    const store = new LiveStatusStore(redis, nextPrefix(), { staleGraceMs: 150 });
    await Promise.all([
      store.setOperator(anOperator('sales', '1001')),
      store.setOperator(anOperator('sales', '1002')),
      store.setOperator(anOperator('support', '1003')),
      store.setChannel(channel('1.1')),
      store.setChannel(channel('2.2')),
      store.setQueue(queueStatus('sales')),
      store.setQueue(queueStatus('support')),
    ]);

    const next = {
      operators: [anOperator('support', '1003', { callsTaken: 5 }), anOperator('vip', '1004')],
      channels: [channel('2.2', { duration: 99 }), channel('3.3')],
      queues: [queueStatus('support'), queueStatus('vip')],
    };
    expect(await store.replaceAll(next)).toEqual({ written: 6, removed: 4 });

    expect(byId(await store.getAllOperators())).toEqual(byId(next.operators));
    expect(byId(await store.getAllChannels())).toEqual(byId(next.channels));
    expect((await store.getAllQueues()).map((q) => q.name).sort()).toEqual(['support', 'vip']);
    expect(await store.getOperatorsByQueue('sales')).toEqual([]);
    expect(await store.getOperatorsByQueue('vip')).toEqual([anOperator('vip', '1004')]);
    expect(await redis.exists(store.keys.queueOperators('sales'))).toBe(0);
    // Dropped entries are already out of every index; they linger for the grace period, then go.
    const staleKeys = [
      store.keys.operator('sales:PJSIP/1001'),
      store.keys.operator('sales:PJSIP/1002'),
      store.keys.channel('1.1'),
      store.keys.queueStatus('sales'),
    ];
    for (const key of staleKeys) expect(await redis.pttl(key)).toBeLessThanOrEqual(150);
    await eventually(async () => (await redis.exists(...staleKeys)) === 0);
    expect(await redis.pttl(store.keys.operator('vip:PJSIP/1004'))).toBeGreaterThan(HOUR_MS - 10_000);
    expect(await redis.pttl(store.keys.queueOperators('vip'))).toBeGreaterThan(HOUR_MS - 10_000);
  });

  it('never shows a reader an empty or mixed state while replaceAll swaps large states', async () => {
    const store = newStore();
    const readerStore = new LiveStatusStore(reader, store.keys.prefix, { timeoutMs: 5000 });
    const stateA = {
      operators: Array.from({ length: 600 }, (_, i) => anOperator('a', String(i))),
      channels: [],
      queues: [],
    };
    const stateB = {
      operators: Array.from({ length: 400 }, (_, i) => anOperator('b', String(i))),
      channels: [],
      queues: [],
    };
    await store.replaceAll(stateA);

    let swapping = true;
    const seen: string[] = [];
    const readLoop = (async () => {
      while (swapping) {
        const { operators } = await readerStore.getFullSnapshot();
        const queues = [...new Set(operators.map((o) => o.queue))].join(',');
        seen.push(`${queues}:${operators.length}`);
      }
    })();
    for (let i = 0; i < 10; i++) await store.replaceAll(i % 2 ? stateA : stateB);
    swapping = false;
    await readLoop;

    expect(seen.length).toBeGreaterThan(5);
    expect([...new Set(seen)].sort()).toEqual(expect.arrayContaining(['a:600']));
    expect(seen.every((s) => s === 'a:600' || s === 'b:400')).toBe(true);
  });

  it('clearAll removes our keys only: another prefix and foreign keys under ours survive', async () => {
    const store = newStore();
    const neighbour = new LiveStatusStore(redis, OTHER_PREFIX, {});
    await Promise.all([
      store.setOperator(anOperator('sales', '1001')),
      store.setChannel(channel('1.1')),
      store.setQueue(queueStatus('sales')),
      neighbour.setOperator(anOperator('sales', '1001')),
    ]);
    const foreign = `${store.keys.prefix}agent:status:1001`;
    await redis.set(foreign, 'x', 'PX', 60_000);

    expect(await store.clearAll()).toBe(7);

    expect(await keysMatching(redis, `${store.keys.prefix}*`)).toEqual([foreign]);
    expect(await neighbour.getOperator('sales:PJSIP/1001')).toEqual(anOperator('sales', '1001'));
    expect(await store.getFullSnapshot()).toMatchObject({ operators: [], channels: [], queues: [] });
  });
});

describe('LiveStatusStore when Redis is unreachable', () => {
  let dead: Redis;

  beforeAll(() => {
    // Port 1: nothing listens, every connect is refused. Offline queue left on, as in production.
    dead = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      connectTimeout: 200,
      commandTimeout: 200,
      maxRetriesPerRequest: 1,
      retryStrategy: () => 100,
    });
    dead.on('error', () => undefined);
  });

  afterAll(async () => {
    const ended = new Promise((resolve) => dead.once('end', resolve));
    dead.disconnect();
    // Commands still queued offline are rejected on disconnect; let that settle before Jest looks for handles.
    await Promise.race([ended, sleep(500)]);
  });

  it('rejects every method quickly with LiveStatusStoreUnavailableError', async () => {
    const store = new LiveStatusStore(dead, `${RUN_PREFIX}dead:`, {
      timeoutMs: 300,
      bulkTimeoutMs: 300,
    });
    const calls: [string, () => Promise<unknown>][] = [
      ['setOperator', () => store.setOperator(anOperator('sales', '1001'))],
      ['getOperator', () => store.getOperator('sales:PJSIP/1001')],
      ['removeOperator', () => store.removeOperator('sales:PJSIP/1001')],
      ['getAllOperators', () => store.getAllOperators()],
      ['getOperatorsByQueue', () => store.getOperatorsByQueue('sales')],
      ['setChannel', () => store.setChannel(channel('1.1'))],
      ['getAllChannels', () => store.getAllChannels()],
      ['getQueue', () => store.getQueue('sales')],
      ['getFullSnapshot', () => store.getFullSnapshot()],
      ['replaceAll', () => store.replaceAll({ operators: [], channels: [], queues: [] })],
      ['clearAll', () => store.clearAll()],
    ];
    for (const [name, call] of calls) {
      const started = Date.now();
      const error = await call().then(
        () => new Error(`${name} resolved`),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LiveStatusStoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  it('the writer buffers writes without throwing and keeps retrying', async () => {
    const store = new LiveStatusStore(dead, `${RUN_PREFIX}dead:`, { timeoutMs: 200 });
    const writer = new LiveStatusWriter(store, { logger: silent, retryBaseMs: 20, retryMaxMs: 100 });
    expect(() =>
      writer.enqueue({ kind: 'channel', op: 'upsert', version: 1, id: '1.1', value: channel('1.1') }),
    ).not.toThrow();
    await eventually(async () => writer.stats.failures >= 3, 5000);
    expect(writer.stats).toMatchObject({ pending: 1, flushes: 0, needsRebuild: false });
    await expect(writer.flush()).rejects.toBeInstanceOf(LiveStatusStoreUnavailableError);
    writer.stop();
  });
});

describe('LiveStatusWriter across a Redis outage', () => {
  const sockets = new Set<net.Socket>();
  let up = false;
  let proxy: net.Server;
  let client: Redis;
  let direct: Redis;
  const prefix = `${RUN_PREFIX}outage:`;

  beforeAll(async () => {
    // A TCP proxy to the real Redis that refuses service until `up` turns true.
    proxy = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      if (!up) {
        socket.destroy();
        return;
      }
      const upstream = net.connect(6379, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as net.AddressInfo;
    client = new Redis({ host: '127.0.0.1', port, commandTimeout: 300, retryStrategy: () => 30 });
    client.on('error', () => undefined);
    direct = new Redis({ host: '127.0.0.1', port: 6379 });
  });

  afterAll(async () => {
    client.disconnect();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    const ours = await keysMatching(direct, `${prefix}*`);
    if (ours.length > 0) await direct.unlink(...ours);
    await direct.quit();
  });

  it('keeps the writes while Redis is away and writes the latest values once it is back', async () => {
    const store = new LiveStatusStore(client, prefix, { timeoutMs: 300 });
    const writer = new LiveStatusWriter(store, { logger: silent, retryBaseMs: 20, retryMaxMs: 100 });
    const alice = anOperator('sales', '1001');
    writer.enqueue({ kind: 'operator', op: 'upsert', version: 1, id: alice.id, value: alice });
    await eventually(async () => writer.stats.failures >= 2, 5000);
    writer.enqueue({
      kind: 'operator',
      op: 'upsert',
      version: 1,
      id: alice.id,
      value: { ...alice, callsTaken: 2 },
    });
    expect(writer.stats.pending).toBe(1);

    up = true;
    const reader = new LiveStatusStore(direct, prefix, {});
    await eventually(async () => (await reader.getOperator(alice.id))?.callsTaken === 2, 5000);
    await eventually(async () => writer.stats.pending === 0 && writer.stats.flushes >= 1, 2000);
    expect(await reader.getOperatorsByQueue('sales')).toEqual([{ ...alice, callsTaken: 2 }]);
    writer.stop();
  });
});
