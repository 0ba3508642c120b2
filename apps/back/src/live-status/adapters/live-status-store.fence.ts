import { createHash } from 'node:crypto';
import type { LiveStatusChange } from '@cc/contracts';
import type { Redis } from 'ioredis';
import { queueOfMemberId } from '../domain/live-status.types';
import type { LiveStatusRedisKeys } from './live-status.redis-keys';
import type { LiveWritePipeline } from '../writes/live-status-write.commands';

/**
 * Fencing for the ingestion's writes: the lease key must still hold the value this instance was granted,
 * checked inside Redis in the same atomic step as the writes. A leader that stalled (GC pause, partition)
 * past its lease can then never overwrite what its successor wrote.
 */
export interface LiveStatusStoreFence {
  key: string;
  value: string;
}

/** The writes were refused because this instance no longer holds the ingestion lease. */
export class LiveStatusStoreFencedError extends Error {
  constructor(readonly operation: string) {
    super(`${operation} refused: this instance no longer holds the ingestion lease`);
    this.name = 'LiveStatusStoreFencedError';
  }
}

interface LuaScript {
  source: string;
  sha: string;
}

function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * EVALSHA, so a batch carries no script text; EVAL (which also caches the script again) when Redis
 * answers NOSCRIPT after a restart, a failover or SCRIPT FLUSH. Commands on one connection run in the
 * order sent, and the fallback is sent from the failed reply's handler, so batches keep their order.
 */
async function runFenced(
  redis: Redis,
  script: LuaScript,
  args: readonly string[],
  operation: string,
): Promise<void> {
  try {
    try {
      await redis.evalsha(script.sha, 0, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      await redis.eval(script.source, 0, ...args);
    }
  } catch (error) {
    // Redis 7 prefixes a script's error_reply with `ERR `.
    if (error instanceof Error && /\bFENCED\b/.test(error.message))
      throw new LiveStatusStoreFencedError(operation);
    throw error;
  }
}

// ARGV: lease key, expected value, then commands as <name> <argc> <args...>. A Lua script runs
// atomically like MULTI/EXEC, and unlike MULTI it can refuse the whole batch up front.
const FENCED_BATCH = luaScript(`
if redis.call('GET', ARGV[1]) ~= ARGV[2] then return redis.error_reply('FENCED') end
local i = 3
local n = #ARGV
while i <= n do
  local argc = tonumber(ARGV[i + 1])
  redis.call(ARGV[i], unpack(ARGV, i + 2, i + 1 + argc))
  i = i + 2 + argc
end
return 'OK'`);

/** Records the write path's commands to run them as one fenced Lua batch (replaceAll's bulk write). */
export class FencedWriteBatch implements LiveWritePipeline {
  private readonly args: string[] = [];
  private commands = 0;

  set(key: string, value: string, px: 'PX', ttlMs: number): this {
    return this.push('SET', key, value, px, String(ttlMs));
  }

  sadd(key: string, ...members: string[]): this {
    return this.push('SADD', key, ...members);
  }

  srem(key: string, ...members: string[]): this {
    return this.push('SREM', key, ...members);
  }

  del(...keys: string[]): this {
    return this.push('DEL', ...keys);
  }

  pexpire(key: string, ttlMs: number): this {
    return this.push('PEXPIRE', key, String(ttlMs));
  }

  get length(): number {
    return this.commands;
  }

  exec(redis: Redis, fence: LiveStatusStoreFence, operation: string): Promise<void> {
    return runFenced(redis, FENCED_BATCH, [fence.key, fence.value, ...this.args], operation);
  }

  private push(command: string, ...args: string[]): this {
    this.args.push(command, String(args.length), ...args);
    this.commands++;
    return this;
  }
}

// The ingestion's hot path: the same writes as appendLiveStatusWrites (an entry SET with its TTL or
// DELeted, its id added to or removed from its indexes, each touched index's TTL refreshed) with far
// less work per write, which profiling showed dominating: about 14 arguments per write (each costs in
// ioredis and in Redis's EVAL) and three redis.call per write. Here the writes come grouped by family
// and operation, 1 to 3 arguments each; keys are built inside Redis from the prefixes passed (so they
// are still spelled only in live-status.redis-keys.ts); each index gets one SADD and one SREM per
// batch. The caller keeps only the last write per entity, which is what the batch as a whole would
// leave, so an id never sits in both an add and a remove group.
// ARGV: lease key, expected value, TTL ms, operator entry prefix, operators index, per-queue operators
// index prefix, channel entry prefix, channels index, queue entry prefix, queues index, then six groups,
// each a count followed by its writes: operator upserts (id queue json), operator removes (id queue),
// channel upserts (id json), channel removes (id), queue upserts (id json), queue removes (id).
const FENCED_WRITES = luaScript(`
if redis.call('GET', ARGV[1]) ~= ARGV[2] then return redis.error_reply('FENCED') end
local ttl = ARGV[3]
local i = 11
local touched = {}
-- unpack() puts every element on Lua's C stack: bounded chunks stay far below its limit.
local function apply(command, key, ids)
  if #ids == 0 then return end
  for j = 1, #ids, 1000 do redis.call(command, key, unpack(ids, j, math.min(j + 999, #ids))) end
  touched[key] = true
end
-- One group: its count, then per write the id, the queue (per-queue indexed families) and the JSON (upserts).
local function group(entry, index, perQueue, upsert)
  local width = (upsert and 2 or 1) + (perQueue and 1 or 0)
  local count = tonumber(ARGV[i])
  local ids, byQueue = {}, {}
  for w = 1, count do
    local at = i + 1 + (w - 1) * width
    local id = ARGV[at]
    if upsert then
      redis.call('SET', entry .. id, ARGV[at + width - 1], 'PX', ttl)
    else
      redis.call('DEL', entry .. id)
    end
    ids[w] = id
    if perQueue then
      local queue = ARGV[at + 1]
      local members = byQueue[queue]
      if not members then
        members = {}
        byQueue[queue] = members
      end
      members[#members + 1] = id
    end
  end
  i = i + 1 + count * width
  local command = upsert and 'SADD' or 'SREM'
  apply(command, index, ids)
  for queue, members in pairs(byQueue) do apply(command, perQueue .. queue, members) end
end
group(ARGV[4], ARGV[5], ARGV[6], true)
group(ARGV[4], ARGV[5], ARGV[6], false)
group(ARGV[7], ARGV[8], false, true)
group(ARGV[7], ARGV[8], false, false)
group(ARGV[9], ARGV[10], false, true)
group(ARGV[9], ARGV[10], false, false)
for key in pairs(touched) do redis.call('PEXPIRE', key, ttl) end
return 'OK'`);

/** The arguments of one fenced batch of `changes` for FENCED_WRITES. */
export function fencedWritesArgs(
  keys: LiveStatusRedisKeys,
  changes: readonly LiveStatusChange[],
  ttlMs: number,
  fence: LiveStatusStoreFence,
): string[] {
  const args = [
    fence.key,
    fence.value,
    String(ttlMs),
    keys.operator(''),
    keys.allOperators,
    keys.queueOperators(''),
    keys.channel(''),
    keys.allChannels,
    keys.queueStatus(''),
    keys.allQueues,
  ];
  // Only the last write per entity counts, as it would in a sequence of commands run atomically.
  const last: Record<LiveStatusChange['kind'], Map<string, LiveStatusChange>> = {
    operator: new Map(),
    channel: new Map(),
    queue: new Map(),
  };
  for (const change of changes) last[change.kind].set(change.id, change);
  for (const family of [last.operator, last.channel, last.queue]) {
    const removed: string[] = [];
    const countAt = args.length;
    args.push('');
    let upserts = 0;
    for (const change of family.values()) {
      if (change.op === 'remove') {
        removed.push(change.id);
        if (change.kind === 'operator') removed.push(queueOfMemberId(change.id));
        continue;
      }
      upserts++;
      if (change.kind === 'operator') args.push(change.id, change.value.queue, JSON.stringify(change.value));
      else args.push(change.id, JSON.stringify(change.value));
    }
    args[countAt] = String(upserts);
    args.push(String(family.size - upserts), ...removed);
  }
  return args;
}

/** Applies `changes` in one atomic step, refused as a whole unless the lease still holds the fence. */
export function execFencedWrites(
  redis: Redis,
  keys: LiveStatusRedisKeys,
  changes: readonly LiveStatusChange[],
  ttlMs: number,
  fence: LiveStatusStoreFence,
): Promise<void> {
  return runFenced(redis, FENCED_WRITES, fencedWritesArgs(keys, changes, ttlMs, fence), 'applyWrites');
}
