import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type {
  ChannelStatusData,
  LiveStatusSnapshot,
  OperatorStatusData,
  QueueStatusData,
} from '@cc/contracts';
import type { ChainableCommander, Redis } from 'ioredis';
import { createLiveStatusRedisKeys, LiveStatusRedisKeys, queueOfMemberId } from './live-status.redis-keys';
import {
  LIVE_STATUS_KEY_PREFIX,
  LIVE_STATUS_REDIS,
  LIVE_STATUS_STORE_OPTIONS,
} from './live-status.redis.tokens';
import { guardLiveStoreCall } from './live-store-unavailable.error';
import { appendLiveStoreWrites } from './live-store-write.commands';
import {
  DEFAULT_LIVE_STORE_OPTIONS,
  LiveStoreBatchSink,
  LiveStoreContent,
  LiveStoreOptions,
  LiveStoreWrite,
  ReplaceAllResult,
} from './live-store.types';

// Keeps variadic commands (DEL, SADD, MGET) to a size Redis and the client handle without large buffers.
const ARGS_PER_COMMAND = 1000;

// Drops index members whose entry is gone, checking inside Redis so a member re-added meanwhile survives.
// ARGV: member, entryKey, indexKey, member, entryKey, indexKey, ...
const DROP_DANGLING_MEMBERS_LUA = `
local removed = 0
for i = 1, #ARGV, 3 do
  if redis.call('EXISTS', ARGV[i + 1]) == 0 then
    removed = removed + redis.call('SREM', ARGV[i + 2], ARGV[i])
  end
end
return removed`;

interface Dangling {
  member: string;
  entryKey: string;
  indexKeys: string[];
}

interface IndexedFamily {
  index: string;
  entryKey(id: string): string;
  // Every index a member of this family sits in, for lazy cleanup once its entry has expired.
  indexesOf(id: string): string[];
}

/**
 * The live state in Redis (keys in live-status.redis-keys.ts). Every call is bounded by a timeout and fails
 * with LiveStoreUnavailableError, so callers can fall back to Postgres. Readers skip index members whose entry
 * expired (TTL) and remove them from the index in the background.
 */
@Injectable()
export class RedisQueueStatusService implements LiveStoreBatchSink {
  readonly keys: LiveStatusRedisKeys;
  readonly options: LiveStoreOptions;
  private readonly logger = new Logger(RedisQueueStatusService.name);
  private readonly operatorsFamily: IndexedFamily;
  private readonly channelsFamily: IndexedFamily;
  private readonly queuesFamily: IndexedFamily;

  constructor(
    @Inject(LIVE_STATUS_REDIS) private readonly redis: Redis,
    @Inject(LIVE_STATUS_KEY_PREFIX) prefix: string,
    @Optional() @Inject(LIVE_STATUS_STORE_OPTIONS) options?: Partial<LiveStoreOptions>,
  ) {
    this.keys = createLiveStatusRedisKeys(prefix);
    this.options = { ...DEFAULT_LIVE_STORE_OPTIONS, ...options };
    const keys = this.keys;
    this.operatorsFamily = {
      index: keys.allOperators,
      entryKey: keys.operator,
      indexesOf: (id) => [keys.allOperators, keys.queueOperators(queueOfMemberId(id))],
    };
    this.channelsFamily = {
      index: keys.allChannels,
      entryKey: keys.channel,
      indexesOf: () => [keys.allChannels],
    };
    this.queuesFamily = {
      index: keys.allQueues,
      entryKey: keys.queueStatus,
      indexesOf: () => [keys.allQueues],
    };
  }

  // --- operators (memberId = `{queue}:{interface}`) ---

  setOperator(operator: OperatorStatusData): Promise<void> {
    return this.applyWrites([{ entity: 'operator', op: 'upsert', id: operator.id, value: operator }]);
  }

  getOperator(memberId: string): Promise<OperatorStatusData | null> {
    return this.getEntry<OperatorStatusData>('getOperator', this.keys.operator(memberId));
  }

  removeOperator(memberId: string, queue?: string): Promise<void> {
    return this.applyWrites([{ entity: 'operator', op: 'remove', id: memberId, queue }]);
  }

  getAllOperators(): Promise<OperatorStatusData[]> {
    return this.getIndexed<OperatorStatusData>('getAllOperators', this.operatorsFamily);
  }

  async getOperatorsByQueue(queueName: string): Promise<OperatorStatusData[]> {
    const family: IndexedFamily = {
      index: this.keys.queueOperators(queueName),
      entryKey: this.keys.operator,
      indexesOf: (id) => [this.keys.queueOperators(queueName), ...this.operatorsFamily.indexesOf(id)],
    };
    const operators = await this.getIndexed<OperatorStatusData>('getOperatorsByQueue', family);
    // The per-queue index of a queue named `all` is the global index (see live-status.redis-keys.ts).
    return operators.filter((operator) => operator.queue === queueName);
  }

  // --- channels (channelId = Asterisk Uniqueid) ---

  setChannel(channel: ChannelStatusData): Promise<void> {
    return this.applyWrites([{ entity: 'channel', op: 'upsert', id: channel.id, value: channel }]);
  }

  getChannel(channelId: string): Promise<ChannelStatusData | null> {
    return this.getEntry<ChannelStatusData>('getChannel', this.keys.channel(channelId));
  }

  removeChannel(channelId: string): Promise<void> {
    return this.applyWrites([{ entity: 'channel', op: 'remove', id: channelId }]);
  }

  getAllChannels(): Promise<ChannelStatusData[]> {
    return this.getIndexed<ChannelStatusData>('getAllChannels', this.channelsFamily);
  }

  // --- queues ---

  setQueue(queue: QueueStatusData): Promise<void> {
    return this.applyWrites([{ entity: 'queue', op: 'upsert', id: queue.name, value: queue }]);
  }

  getQueue(queueName: string): Promise<QueueStatusData | null> {
    return this.getEntry<QueueStatusData>('getQueue', this.keys.queueStatus(queueName));
  }

  removeQueue(queueName: string): Promise<void> {
    return this.applyWrites([{ entity: 'queue', op: 'remove', id: queueName }]);
  }

  getAllQueues(): Promise<QueueStatusData[]> {
    return this.getIndexed<QueueStatusData>('getAllQueues', this.queuesFamily);
  }

  // --- whole state ---

  /** Two round trips whatever the size: one pipeline of SMEMBERS, one of MGET. */
  getFullSnapshot(): Promise<LiveStatusSnapshot> {
    return guardLiveStoreCall('getFullSnapshot', this.options.timeoutMs, async () => {
      const families = [this.operatorsFamily, this.channelsFamily, this.queuesFamily];
      const ids = (await execPipeline(
        families.reduce((pipeline, family) => pipeline.smembers(family.index), this.redis.pipeline()),
      )) as string[][];

      const mget = this.redis.pipeline();
      families.forEach((family, i) => queueMget(mget, ids[i].map(family.entryKey)));
      const replies = mget.length > 0 ? ((await execPipeline(mget)) as (string | null)[][]) : [];
      let reply = 0;
      const loaded = families.map((family, i) => {
        const chunks = Math.ceil(ids[i].length / ARGS_PER_COMMAND);
        const values = replies.slice(reply, reply + chunks).flat();
        reply += chunks;
        return this.collect(family, ids[i], values);
      });
      return {
        source: 'redis',
        operators: loaded[0] as OperatorStatusData[],
        channels: loaded[1] as ChannelStatusData[],
        queues: loaded[2] as QueueStatusData[],
        takenAt: new Date().toISOString(),
      };
    });
  }

  /** Writes a batch in one MULTI: each entry with its index members, TTLs refreshed. */
  applyWrites(writes: readonly LiveStoreWrite[]): Promise<void> {
    return guardLiveStoreCall('applyWrites', this.options.timeoutMs, async () => {
      if (writes.length === 0) return;
      const multi = this.redis.multi();
      appendLiveStoreWrites(multi, this.keys, writes, this.options.ttlMs);
      await execPipeline(multi);
    });
  }

  /**
   * Replaces the whole state with `content` in one MULTI: new entries written, entries absent from `content`
   * deleted, every index rebuilt. Readers see either the old state or the new one, never a mix or an empty
   * state. Stale keys are found from the index sets read just before the MULTI: a write from another process
   * that lands between that read and the MULTI can survive as an orphan entry, not listed in any index (so
   * no reader returns it) until its TTL ends. LiveStateWriter holds its own flushes while this runs.
   */
  replaceAll(content: LiveStoreContent): Promise<ReplaceAllResult> {
    return guardLiveStoreCall('replaceAll', this.options.bulkTimeoutMs, async () => {
      const { keys } = this;
      const ttl = this.options.ttlMs;
      const [oldOperators, oldChannels, oldQueues] = (await execPipeline(
        this.redis.pipeline().smembers(keys.allOperators).smembers(keys.allChannels).smembers(keys.allQueues),
      )) as string[][];

      const operatorIds = new Set(content.operators.map((o) => o.id));
      const channelIds = new Set(content.channels.map((c) => c.id));
      const queueNames = new Set(content.queues.map((q) => q.name));
      const staleKeys = [
        ...oldOperators.filter((id) => !operatorIds.has(id)).map(keys.operator),
        ...oldChannels.filter((id) => !channelIds.has(id)).map(keys.channel),
        ...oldQueues.filter((name) => !queueNames.has(name)).map(keys.queueStatus),
      ];
      const membersByQueue = new Map<string, string[]>();
      for (const name of [...oldOperators.map(queueOfMemberId), ...oldQueues, ...queueNames]) {
        membersByQueue.set(name, []);
      }
      for (const operator of content.operators) {
        const members = membersByQueue.get(operator.queue) ?? [];
        members.push(operator.id);
        membersByQueue.set(operator.queue, members);
      }

      const multi = this.redis.multi();
      for (const o of content.operators) multi.set(keys.operator(o.id), JSON.stringify(o), 'PX', ttl);
      for (const c of content.channels) multi.set(keys.channel(c.id), JSON.stringify(c), 'PX', ttl);
      for (const q of content.queues) multi.set(keys.queueStatus(q.name), JSON.stringify(q), 'PX', ttl);
      for (const chunk of chunked(staleKeys)) multi.del(...chunk);

      // Per-queue indexes are deleted before any SADD: the index of a queue named `all` is the global one.
      const indexes = new Map<string, string[]>(
        [...membersByQueue].map(([q, ids]) => [keys.queueOperators(q), ids]),
      );
      indexes.set(keys.allOperators, [...operatorIds]);
      indexes.set(keys.allChannels, [...channelIds]);
      indexes.set(keys.allQueues, [...queueNames]);
      for (const chunk of chunked([...indexes.keys()])) multi.del(...chunk);
      for (const [index, members] of indexes) {
        for (const chunk of chunked(members)) multi.sadd(index, ...chunk);
      }
      for (const [index, members] of indexes) if (members.length > 0) multi.pexpire(index, ttl);
      await execPipeline(multi);
      return { written: operatorIds.size + channelIds.size + queueNames.size, removed: staleKeys.length };
    });
  }

  /** Deletes every key of ours (SCAN under the prefix, filtered to our key families), never FLUSHDB. */
  clearAll(): Promise<number> {
    return guardLiveStoreCall('clearAll', this.options.bulkTimeoutMs, async () => {
      let cursor = '0';
      let removed = 0;
      do {
        const [next, found] = await this.redis.scan(cursor, 'MATCH', this.keys.scanPattern, 'COUNT', 1000);
        const ours = found.filter((key) => this.keys.isOwnKey(key));
        if (ours.length > 0) removed += await this.redis.unlink(...ours);
        cursor = next;
      } while (cursor !== '0');
      return removed;
    });
  }

  // --- internals ---

  private getEntry<T>(operation: string, key: string): Promise<T | null> {
    return guardLiveStoreCall(operation, this.options.timeoutMs, async () =>
      this.parse<T>(key, await this.redis.get(key)),
    );
  }

  private getIndexed<T>(operation: string, family: IndexedFamily): Promise<T[]> {
    return guardLiveStoreCall(operation, this.options.timeoutMs, async () => {
      const ids = await this.redis.smembers(family.index);
      if (ids.length === 0) return [];
      const pipeline = this.redis.pipeline();
      queueMget(pipeline, ids.map(family.entryKey));
      const values = ((await execPipeline(pipeline)) as (string | null)[][]).flat();
      return this.collect(family, ids, values) as T[];
    });
  }

  private collect(
    family: IndexedFamily,
    ids: readonly string[],
    values: readonly (string | null)[],
  ): unknown[] {
    const found: unknown[] = [];
    const dangling: Dangling[] = [];
    ids.forEach((id, i) => {
      const entryKey = family.entryKey(id);
      const value = this.parse<unknown>(entryKey, values[i] ?? null);
      if (value === null) dangling.push({ member: id, entryKey, indexKeys: family.indexesOf(id) });
      else found.push(value);
    });
    if (dangling.length > 0) this.dropDangling(family.index, dangling);
    return found;
  }

  private parse<T>(key: string, raw: string | null): T | null {
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as T;
    } catch {
      this.logger.warn(`[${key}] unreadable JSON entry ignored`);
      return null;
    }
  }

  // Fire-and-forget: a reader must not wait on, nor fail because of, index housekeeping.
  private dropDangling(index: string, dangling: readonly Dangling[]): void {
    const args = dangling.flatMap((d) =>
      [...new Set(d.indexKeys)].flatMap((indexKey) => [d.member, d.entryKey, indexKey]),
    );
    this.redis
      .eval(DROP_DANGLING_MEMBERS_LUA, 0, ...args)
      .then((removed) =>
        this.logger.debug(`[${index}] dropped ${String(removed)} index members whose entry expired`),
      )
      .catch((error: unknown) =>
        this.logger.debug(
          `[${index}] index cleanup skipped: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
}

/** Runs a pipeline or MULTI and fails on the first command error (ioredis reports them per command). */
async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (results === null) throw new Error('transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

function queueMget(pipeline: ChainableCommander, keys: readonly string[]): void {
  for (const chunk of chunked(keys)) pipeline.mget(...chunk);
}

function chunked<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += ARGS_PER_COMMAND) chunks.push(items.slice(i, i + ARGS_PER_COMMAND));
  return chunks;
}
