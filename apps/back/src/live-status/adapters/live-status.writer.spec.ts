import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';
import type { OperatorStatusData } from '@cc/contracts';
import { LiveStatusWriter, LiveStatusWriterOptions } from './live-status.writer';
import { createLiveStatusRedisKeys } from './live-status.redis-keys';
import { LiveStatusStoreUnavailableError } from './live-status-store-unavailable.error';
import { appendLiveStatusWrites, LiveWritePipeline } from '../writes/live-status-write.commands';
import type {
  LiveStatusStoreBatchSink,
  LiveStatusStoreLogger,
  ReplaceAllResult,
} from '../writes/live-status-store.types';

const keys = createLiveStatusRedisKeys('t:');
const silent: LiveStatusStoreLogger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function operator(id: string, callsTaken = 0): OperatorStatusData {
  return { id, queue: id.split(':')[0], callsTaken } as OperatorStatusData;
}
const upsert = (id: string, callsTaken = 0): LiveStatusChange => ({
  kind: 'operator',
  op: 'upsert',
  version: 1,
  id,
  value: operator(id, callsTaken),
});

/** A store whose MULTI is a recording pipeline; `fail` makes the next applies reject. */
class FakeSink implements LiveStatusStoreBatchSink {
  readonly batches: LiveStatusChange[][] = [];
  readonly commands: string[][] = [];
  readonly replaced: LiveStatusContent[] = [];
  inFlight = 0;
  maxInFlight = 0;
  failures = 0;
  gate: Promise<void> = Promise.resolve();

  async applyWrites(writes: readonly LiveStatusChange[]): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate;
      if (this.failures > 0) {
        this.failures--;
        throw new Error('ECONNREFUSED');
      }
      const pipeline: LiveWritePipeline = {
        set: (key) => this.commands.push(['set', key]),
        sadd: (key) => this.commands.push(['sadd', key]),
        srem: (key) => this.commands.push(['srem', key]),
        del: (key) => this.commands.push(['del', key]),
        pexpire: (key) => this.commands.push(['pexpire', key]),
      };
      appendLiveStatusWrites(pipeline, keys, writes, 1000);
      this.batches.push([...writes]);
    } finally {
      this.inFlight--;
    }
  }

  async replaceAll(content: LiveStatusContent): Promise<ReplaceAllResult> {
    await this.gate;
    this.replaced.push(content);
    return { written: content.operators.length, removed: 0 };
  }

  lastValue(id: string): LiveStatusChange | undefined {
    return this.batches
      .flat()
      .filter((w) => w.id === id)
      .at(-1);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(options: Partial<LiveStatusWriterOptions> = {}): { sink: FakeSink; writer: LiveStatusWriter } {
  const sink = new FakeSink();
  const writer = new LiveStatusWriter(sink, { logger: silent, retryBaseMs: 5, retryMaxMs: 20, ...options });
  return { sink, writer };
}

describe('LiveStatusWriter', () => {
  it('collapses a burst of 1,000 updates to one operator into a single SET carrying the last value', async () => {
    const { sink, writer } = setup();
    for (let i = 1; i <= 1000; i++) writer.enqueue(upsert('sales:PJSIP/1001', i));
    await writer.flush();

    expect(sink.commands.filter(([name]) => name === 'set')).toEqual([
      ['set', 't:queue:operator:sales:PJSIP/1001'],
    ]);
    expect(sink.lastValue('sales:PJSIP/1001')).toEqual(upsert('sales:PJSIP/1001', 1000));
    expect(writer.stats).toMatchObject({
      writesRequested: 1000,
      writesCoalesced: 999,
      writesFlushed: 1,
      flushes: 1,
    });
  });

  it('flushes on the next turn of the event loop without being asked', async () => {
    const { sink, writer } = setup();
    writer.enqueue([upsert('sales:A'), { kind: 'channel', op: 'remove', version: 1, id: '1.1' }]);
    expect(sink.batches).toHaveLength(0);
    await nextTick();
    await nextTick();
    expect(sink.batches).toEqual([
      [upsert('sales:A'), { kind: 'channel', op: 'remove', version: 1, id: '1.1' }],
    ]);
  });

  it('lets the last write win across upsert and remove of the same entity', async () => {
    const { sink, writer } = setup();
    writer.enqueue([upsert('sales:A', 1), { kind: 'operator', op: 'remove', version: 1, id: 'sales:A' }]);
    await writer.flush();
    expect(sink.batches).toEqual([[{ kind: 'operator', op: 'remove', version: 1, id: 'sales:A' }]]);
  });

  it('keeps one flush in flight and coalesces what arrives meanwhile into the next', async () => {
    const { sink, writer } = setup();
    const hold = deferred();
    sink.gate = hold.promise;
    writer.enqueue(upsert('sales:A', 1));
    await nextTick();
    await nextTick();
    expect(sink.inFlight).toBe(1);
    for (let i = 2; i <= 50; i++) writer.enqueue([upsert('sales:A', i), upsert('sales:B', i)]);
    await nextTick();
    expect(sink.inFlight).toBe(1);
    hold.resolve();
    await writer.flush();

    expect(sink.maxInFlight).toBe(1);
    expect(sink.batches.map((b) => b.length)).toEqual([1, 2]);
    expect(sink.lastValue('sales:A')).toEqual(upsert('sales:A', 50));
  });

  it('cuts batches at maxBatchSize', async () => {
    const { sink, writer } = setup({ maxBatchSize: 10 });
    writer.enqueue(Array.from({ length: 25 }, (_, i) => upsert(`sales:${i}`)));
    await writer.flush();
    expect(sink.batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(sink.maxInFlight).toBe(1);
  });

  it('keeps writes after a failure and retries them with backoff until Redis answers', async () => {
    const { sink, writer } = setup();
    sink.failures = 3;
    writer.enqueue(upsert('sales:A', 1));
    const deadline = Date.now() + 2000;
    while (sink.batches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));

    expect(sink.batches).toEqual([[upsert('sales:A', 1)]]);
    expect(writer.stats).toMatchObject({ failures: 3, flushes: 1, pending: 0, needsRebuild: false });
  });

  it('prefers a newer write over the failed batch when retrying', async () => {
    const { sink, writer } = setup();
    sink.failures = 1;
    writer.enqueue(upsert('sales:A', 1));
    await expect(writer.flush()).rejects.toBeInstanceOf(LiveStatusStoreUnavailableError);
    expect(writer.stats.pending).toBe(1);
    writer.enqueue(upsert('sales:A', 2));
    await writer.flush();
    expect(sink.batches).toEqual([[upsert('sales:A', 2)]]);
  });

  it('never throws into the caller, even when the store throws synchronously', async () => {
    const sink: LiveStatusStoreBatchSink = {
      applyWrites: () => {
        throw new Error('boom');
      },
      replaceAll: () => Promise.resolve({ written: 0, removed: 0 }),
    };
    const writer = new LiveStatusWriter(sink, { logger: silent, retryBaseMs: 1000 });
    expect(() => writer.enqueue(upsert('sales:A'))).not.toThrow();
    await nextTick();
    await nextTick();
    expect(writer.stats).toMatchObject({ failures: 1, pending: 1 });
    writer.stop();
  });

  it('drops writes past its bound, flags needsRebuild and reports degradation once', async () => {
    const onDegraded = jest.fn();
    const { sink, writer } = setup({ maxPending: 3, onDegraded, retryBaseMs: 1000 });
    sink.failures = 100;
    writer.enqueue([
      upsert('sales:A'),
      upsert('sales:B'),
      upsert('sales:C'),
      upsert('sales:D'),
      upsert('sales:E'),
    ]);
    expect(writer.stats).toMatchObject({ pending: 3, writesDropped: 2, needsRebuild: true });
    expect(onDegraded).toHaveBeenCalledTimes(1);
    writer.enqueue(upsert('sales:F'));
    expect(onDegraded).toHaveBeenCalledTimes(1);
    writer.stop();
  });

  it('replaceAll supersedes earlier writes, runs after the flush in flight and before later writes', async () => {
    const { sink, writer } = setup();
    const hold = deferred();
    sink.gate = hold.promise;
    writer.enqueue(upsert('sales:A', 1));
    await nextTick();
    await nextTick();
    writer.enqueue(upsert('sales:B', 1));
    const content: LiveStatusContent = { operators: [operator('sales:A', 7)], channels: [], queues: [] };
    const replaced = writer.replaceAll(content);
    writer.enqueue(upsert('sales:C', 1));
    hold.resolve();
    await replaced;
    await writer.flush();

    expect(sink.batches).toEqual([[upsert('sales:A', 1)], [upsert('sales:C', 1)]]);
    expect(sink.replaced).toEqual([content]);
    expect(sink.maxInFlight).toBe(1);
  });

  it('clears needsRebuild once a replaceAll succeeds', async () => {
    const { sink, writer } = setup({ maxPending: 1, retryBaseMs: 1000 });
    sink.failures = 1;
    writer.enqueue([upsert('sales:A'), upsert('sales:B')]);
    expect(writer.stats.needsRebuild).toBe(true);
    await writer.replaceAll({ operators: [], channels: [], queues: [] });
    expect(writer.stats).toMatchObject({ needsRebuild: false, pending: 0 });
    writer.stop();
  });
});
