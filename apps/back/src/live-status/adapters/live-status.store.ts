import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type {
  ChannelStatusData,
  LiveStatusChange,
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
import {
  guardLiveStatusStoreCall,
  LiveStatusStoreErrorCode,
  LiveStatusStoreUnavailableError,
} from './live-status-store-unavailable.error';
import { FencedWriteBatch, type LiveStatusStoreFence } from './live-status-store.fence';
import { appendLiveStatusWrites, type LiveWritePipeline } from '../writes/live-status-write.commands';
import {
  DEFAULT_LIVE_STATUS_STORE_OPTIONS,
  LiveStatusStoreBatchSink,
  LiveStatusStoreOptions,
  ReplaceAllResult,
} from '../writes/live-status-store.types';
import { UNVERSIONED, type LiveStatusContent } from '../domain/live-status.types';

// Keeps variadic commands (DEL, SADD) to a size Redis and the client handle without large buffers.
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

interface RawEntries {
  keys: string[];
  values: Buffer[];
}

interface ParsedEntry {
  raw: Buffer;
  value: unknown;
}

interface IndexedFamily {
  index: string;
  entryKey(id: string): string;
  // Every index a member of this family sits in, for lazy cleanup once its entry has expired.
  indexesOf(id: string): string[];
}

/**
 * The live state in Redis (keys in live-status.redis-keys.ts). Every call is bounded by a timeout and fails
 * with LiveStatusStoreUnavailableError, so callers can fall back to Postgres. Readers skip index members whose entry
 * expired (TTL) and remove them from the index in the background.
 */
// ioredis statuses in which a command would only wait in the offline queue.
const DISCONNECTED_STATUSES = new Set(['close', 'reconnecting', 'end']);

@Injectable()
export class LiveStatusStore implements LiveStatusStoreBatchSink {
  readonly keys: LiveStatusRedisKeys;
  readonly options: LiveStatusStoreOptions;
  private readonly logger = new Logger(LiveStatusStore.name);
  private readonly operatorsFamily: IndexedFamily;
  private readonly channelsFamily: IndexedFamily;
  private readonly queuesFamily: IndexedFamily;
  private readonly sortable: boolean;
  private snapshotEntries = new Map<string, ParsedEntry>();

  constructor(
    @Inject(LIVE_STATUS_REDIS) private readonly redis: Redis,
    @Inject(LIVE_STATUS_KEY_PREFIX) prefix: string,
    @Optional() @Inject(LIVE_STATUS_STORE_OPTIONS) options?: Partial<LiveStatusStoreOptions>,
  ) {
    this.keys = createLiveStatusRedisKeys(prefix);
    // SORT ... GET substitutes the first `*` of the pattern and reads `->` as a hash field.
    this.sortable = !prefix.includes('*') && !prefix.includes('->');
    this.options = { ...DEFAULT_LIVE_STATUS_STORE_OPTIONS, ...options };
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

  /**
   * Every call runs under a timeout; while the client is known to be disconnected it fails at once, so a
   * Redis outage costs readers nothing before they fall back to Postgres.
   */
  private guard<T>(operation: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (DISCONNECTED_STATUSES.has(this.redis.status)) {
      return Promise.reject(
        new LiveStatusStoreUnavailableError(
          LiveStatusStoreErrorCode.RedisError,
          operation,
          `Redis connection is ${this.redis.status}`,
        ),
      );
    }
    return guardLiveStatusStoreCall(operation, timeoutMs, work);
  }

  // --- operators (memberId = `{queue}:{interface}`) ---

  setOperator(operator: OperatorStatusData): Promise<void> {
    return this.applyWrites([
      { kind: 'operator', op: 'upsert', id: operator.id, version: UNVERSIONED, value: operator },
    ]);
  }

  getOperator(memberId: string): Promise<OperatorStatusData | null> {
    return this.getEntry<OperatorStatusData>('getOperator', this.keys.operator(memberId));
  }

  removeOperator(memberId: string): Promise<void> {
    return this.applyWrites([{ kind: 'operator', op: 'remove', id: memberId, version: UNVERSIONED }]);
  }

  getAllOperators(): Promise<OperatorStatusData[]> {
    return this.getIndexed<OperatorStatusData>('getAllOperators', this.operatorsFamily);
  }

  /** Every operator as JSON array bytes, spliced from the stored JSON without parsing it. */
  getAllOperatorsJson(): Promise<Buffer> {
    return this.guard('getAllOperatorsJson', this.options.timeoutMs, async () => {
      const [operators] = await this.readIndexed([this.operatorsFamily], false);
      return jsonArray(operators.values);
    });
  }

  async getOperatorsByQueue(queueName: string): Promise<OperatorStatusData[]> {
    const family: IndexedFamily = {
      ...this.operatorsFamily,
      index: this.keys.queueOperators(queueName),
      indexesOf: (id) => [this.keys.queueOperators(queueName), ...this.operatorsFamily.indexesOf(id)],
    };
    const operators = await this.getIndexed<OperatorStatusData>('getOperatorsByQueue', family);
    // The per-queue index of a queue named `all` is the global index (see live-status.redis-keys.ts).
    return operators.filter((operator) => operator.queue === queueName);
  }

  // --- channels (channelId = Asterisk Uniqueid) ---

  setChannel(channel: ChannelStatusData): Promise<void> {
    return this.applyWrites([
      { kind: 'channel', op: 'upsert', id: channel.id, version: UNVERSIONED, value: channel },
    ]);
  }

  getChannel(channelId: string): Promise<ChannelStatusData | null> {
    return this.getEntry<ChannelStatusData>('getChannel', this.keys.channel(channelId));
  }

  removeChannel(channelId: string): Promise<void> {
    return this.applyWrites([{ kind: 'channel', op: 'remove', id: channelId, version: UNVERSIONED }]);
  }

  getAllChannels(): Promise<ChannelStatusData[]> {
    return this.getIndexed<ChannelStatusData>('getAllChannels', this.channelsFamily);
  }

  // --- queues ---

  setQueue(queue: QueueStatusData): Promise<void> {
    return this.applyWrites([
      { kind: 'queue', op: 'upsert', id: queue.name, version: UNVERSIONED, value: queue },
    ]);
  }

  getQueue(queueName: string): Promise<QueueStatusData | null> {
    return this.getEntry<QueueStatusData>('getQueue', this.keys.queueStatus(queueName));
  }

  removeQueue(queueName: string): Promise<void> {
    return this.applyWrites([{ kind: 'queue', op: 'remove', id: queueName, version: UNVERSIONED }]);
  }

  getAllQueues(): Promise<QueueStatusData[]> {
    return this.getIndexed<QueueStatusData>('getAllQueues', this.queuesFamily);
  }

  // --- whole state ---

  /**
   * Two round trips whatever the size: one pipeline of SMEMBERS, one of MGET. The entries are deep-frozen
   * and shared with later snapshots while their stored JSON is unchanged: copy before modifying.
   */
  getFullSnapshot(): Promise<LiveStatusSnapshot> {
    return this.guard('getFullSnapshot', this.options.timeoutMs, async () => {
      const [operators, channels, queues] = this.parseForSnapshot(
        await this.readIndexed([this.operatorsFamily, this.channelsFamily, this.queuesFamily]),
      );
      return {
        source: 'redis',
        operators: operators as OperatorStatusData[],
        channels: channels as ChannelStatusData[],
        queues: queues as QueueStatusData[],
        takenAt: new Date().toISOString(),
      };
    });
  }

  /**
   * Same content as getFullSnapshot, as LiveStatusSnapshot JSON text built from the stored JSON without
   * parsing it: for HTTP handlers that only pass the snapshot on (skips ~7,000 parses and a stringify).
   * Entries are trusted to be valid JSON, as only this class writes them.
   */
  getFullSnapshotJson(): Promise<Buffer> {
    return this.guard('getFullSnapshotJson', this.options.timeoutMs, async () => {
      const [operators, channels, queues] = await this.readIndexed(
        [this.operatorsFamily, this.channelsFamily, this.queuesFamily],
        false,
      );
      // One copy of the stored bytes, no string: at 5,000 operators the intermediate copies and the
      // UTF-8 decode cost more than the Redis round trip (mostly as garbage collection).
      const parts: Buffer[] = [SNAPSHOT_HEAD];
      appendJsonArray(parts, operators.values);
      parts.push(SNAPSHOT_CHANNELS);
      appendJsonArray(parts, channels.values);
      parts.push(SNAPSHOT_QUEUES);
      appendJsonArray(parts, queues.values);
      parts.push(Buffer.from(`,"takenAt":"${new Date().toISOString()}"}`));
      return Buffer.concat(parts);
    });
  }

  /** Writes a batch in one MULTI: each entry with its index members, TTLs refreshed. */
  /** One atomic batch; with a fence, refused as a whole unless the lease still holds `fence.value`. */
  applyWrites(changes: readonly LiveStatusChange[], fence?: LiveStatusStoreFence): Promise<void> {
    return this.guard('applyWrites', this.options.timeoutMs, async () => {
      if (changes.length === 0) return;
      if (fence) {
        const batch = new FencedWriteBatch();
        appendLiveStatusWrites(batch, this.keys, changes, this.options.ttlMs);
        await batch.exec(this.redis, fence, 'applyWrites');
        return;
      }
      const multi = this.redis.multi();
      appendLiveStatusWrites(multi, this.keys, changes, this.options.ttlMs);
      await execPipeline(multi);
    });
  }

  /**
   * Replaces the whole state with `content` in one MULTI: new entries written, every index rebuilt, entries
   * absent from `content` taken out of the indexes and expired after `staleGraceMs`.
   * Guarantee: the indexes switch from the old state to the new one at once, so a list or snapshot read shows
   * the old set of ids or the new one, never an empty or partial set. A reader that fetched the old index just
   * before the switch still finds the old entries (that is what the grace period is for), with new values for
   * ids present in both states. During the grace a direct get of a dropped id may still return it.
   * Stale ids come from the index sets read just before the MULTI: an entry written by another process in
   * between stays outside every index (invisible to lists) until its TTL ends. LiveStatusWriter holds its own
   * flushes while this runs.
   */
  replaceAll(content: LiveStatusContent, fence?: LiveStatusStoreFence): Promise<ReplaceAllResult> {
    return this.guard('replaceAll', this.options.bulkTimeoutMs, async () => {
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

      const multi: LiveWritePipeline = fence ? new FencedWriteBatch() : this.redis.multi();
      for (const o of content.operators) multi.set(keys.operator(o.id), JSON.stringify(o), 'PX', ttl);
      for (const c of content.channels) multi.set(keys.channel(c.id), JSON.stringify(c), 'PX', ttl);
      for (const q of content.queues) multi.set(keys.queueStatus(q.name), JSON.stringify(q), 'PX', ttl);
      for (const key of staleKeys) multi.pexpire(key, this.options.staleGraceMs);

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
      if (multi instanceof FencedWriteBatch && fence) await multi.exec(this.redis, fence, 'replaceAll');
      else await execPipeline(multi as ChainableCommander);
      return { written: operatorIds.size + channelIds.size + queueNames.size, removed: staleKeys.length };
    });
  }

  /** Deletes every key of ours (SCAN under the prefix, filtered to our key families), never FLUSHDB. */
  clearAll(): Promise<number> {
    return this.guard('clearAll', this.options.bulkTimeoutMs, async () => {
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
    return this.guard(operation, this.options.timeoutMs, async () =>
      this.parse<T>(key, await this.redis.get(key)),
    );
  }

  private getIndexed<T>(operation: string, family: IndexedFamily): Promise<T[]> {
    return this.guard(operation, this.options.timeoutMs, async () => {
      const [values] = await this.readIndexed([family]);
      return this.parseAll(family, values) as T[];
    });
  }

  // Two round trips: SMEMBERS of the indexes, then MGET of their entries. An entry removed in between is
  // simply left out; replaceAll keeps the entries it drops for a grace period so that a reader still
  // holding the old index never sees an empty state. Entries stay raw Buffers (no per-entry UTF-8
  // decoding) until a caller parses or joins them.
  /** `withKeys: false` leaves `keys` empty where only the values are needed (the JSON snapshot). */
  private async readIndexed(families: readonly IndexedFamily[], withKeys = true): Promise<RawEntries[]> {
    return this.sortable ? this.readIndexedBySort(families, withKeys) : this.readIndexedByMget(families);
  }

  /**
   * One round trip: `SORT index BY nosort GET # GET <entry pattern>` makes Redis itself look up every
   * member's entry, so thousands of keys are neither built nor sent by us (about twice as fast as
   * SMEMBERS + MGET for 5,000 operators, see bench/live-status-snapshot.bench.ts).
   */
  private async readIndexedBySort(
    families: readonly IndexedFamily[],
    withKeys: boolean,
  ): Promise<RawEntries[]> {
    const pipeline = this.redis.pipeline();
    for (const family of families) {
      pipeline.callBuffer('SORT', family.index, 'BY', 'nosort', 'GET', '#', 'GET', family.entryKey('*'));
    }
    const replies = (await execPipeline(pipeline)) as (Buffer | null)[][];
    return families.map((family, i) => {
      const entries: RawEntries = { keys: [], values: [] };
      const dangling: Dangling[] = [];
      const reply = replies[i];
      for (let j = 0; j + 1 < reply.length; j += 2) {
        const value = reply[j + 1];
        if (value !== null) {
          entries.values.push(value);
          if (withKeys) entries.keys.push(family.entryKey((reply[j] as Buffer).toString()));
        } else {
          const id = (reply[j] as Buffer).toString();
          dangling.push({ member: id, entryKey: family.entryKey(id), indexKeys: family.indexesOf(id) });
        }
      }
      if (dangling.length > 0) this.dropDangling(family.index, dangling);
      return entries;
    });
  }

  /** SMEMBERS, then MGET: for prefixes that SORT's GET pattern cannot express. */
  private async readIndexedByMget(families: readonly IndexedFamily[]): Promise<RawEntries[]> {
    const ids = (await execPipeline(
      families.reduce((pipeline, family) => pipeline.smembers(family.index), this.redis.pipeline()),
    )) as string[][];
    const mget = this.redis.pipeline();
    const entryKeys = families.map((family, i) => ids[i].map(family.entryKey));
    for (const keys of entryKeys) for (const chunk of chunked(keys)) mget.mgetBuffer(...chunk);
    const replies = mget.length > 0 ? ((await execPipeline(mget)) as (Buffer | null)[][]) : [];
    let reply = 0;
    return families.map((family, i) => {
      const entries: RawEntries = { keys: [], values: [] };
      const dangling: Dangling[] = [];
      for (let offset = 0; offset < ids[i].length; offset += ARGS_PER_COMMAND) {
        replies[reply++].forEach((value, j) => {
          const key = entryKeys[i][offset + j];
          if (value !== null) {
            entries.keys.push(key);
            entries.values.push(value);
            return;
          }
          const id = ids[i][offset + j];
          dangling.push({ member: id, entryKey: key, indexKeys: family.indexesOf(id) });
        });
      }
      if (dangling.length > 0) this.dropDangling(family.index, dangling);
      return entries;
    });
  }

  /** One JSON.parse for the whole family; entry by entry only if some entry is unreadable. */
  private parseAll(family: IndexedFamily, entries: RawEntries): unknown[] {
    try {
      return JSON.parse(jsonArray(entries.values).toString()) as unknown[];
    } catch {
      return entries.values
        .map((value) => this.parse<unknown>(family.index, value.toString()))
        .filter((value) => value !== null);
    }
  }

  // Dashboards poll the full snapshot while most entries stay the same: an entry whose bytes did not change
  // since the last snapshot is not parsed again. Only entries seen by the latest snapshot are kept.
  private parseForSnapshot(families: readonly RawEntries[]): unknown[][] {
    const next = new Map<string, ParsedEntry>();
    const parsed = families.map(({ keys, values }) => {
      const out: unknown[] = [];
      values.forEach((raw, i) => {
        const key = keys[i];
        const known = this.snapshotEntries.get(key);
        if (known && known.raw.equals(raw)) {
          next.set(key, known);
          out.push(known.value);
          return;
        }
        const value = this.parse<unknown>(key, raw.toString());
        if (value === null) return;
        // Frozen because the same object is handed to later snapshots; the copy because the client may
        // reuse the memory behind `raw`.
        const entry = { raw: Buffer.from(raw), value: deepFreeze(value) };
        next.set(key, entry);
        out.push(entry.value);
      });
      return out;
    });
    this.snapshotEntries = next;
    return parsed;
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

const COMMA = Buffer.from(',');
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
const SNAPSHOT_HEAD = Buffer.from('{"source":"redis","operators":');
const SNAPSHOT_CHANNELS = Buffer.from(',"channels":');
const SNAPSHOT_QUEUES = Buffer.from(',"queues":');

function appendJsonArray(parts: Buffer[], values: readonly Buffer[]): void {
  parts.push(OPEN);
  values.forEach((value, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(value);
  });
  parts.push(CLOSE);
}

function jsonArray(values: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  appendJsonArray(parts, values);
  return Buffer.concat(parts);
}

function chunked<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += ARGS_PER_COMMAND) chunks.push(items.slice(i, i + ARGS_PER_COMMAND));
  return chunks;
}
