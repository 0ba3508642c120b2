import { createHash } from 'node:crypto';
import type { LiveStatusChange } from '@cc/contracts';
import type { Redis } from 'ioredis';
import { type LiveStatusRedisKeys, queueOfMemberId } from './live-status.redis-keys';
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
// DELeted, its id added to or removed from its indexes, each touched index's TTL refreshed), sent as
// 2 to 4 arguments per write instead of about 14: keys are built inside Redis from the prefixes the
// caller passes (so they are still spelled only in live-status.redis-keys.ts), and each index gets one
// SADD and one SREM per batch instead of one per write. Profiling showed the per-argument cost (in
// ioredis and in Redis's EVAL) and one redis.call per index member dominating the batch.
// Within a batch the last write to an id decides its index membership, as sequential commands would.
// ARGV: lease key, expected value, TTL ms, operator entry prefix, operators index, channel entry
// prefix, channels index, queue entry prefix, queues index, per-queue operators index prefix, then
// the writes: O id queue json | o id queue | C id json | c id | Q id json | q id.
const FENCED_WRITES = luaScript(`
if redis.call('GET', ARGV[1]) ~= ARGV[2] then return redis.error_reply('FENCED') end
local ttl = ARGV[3]
local entry = { O = ARGV[4], o = ARGV[4], C = ARGV[6], c = ARGV[6], Q = ARGV[8], q = ARGV[8] }
local index = { O = ARGV[5], o = ARGV[5], C = ARGV[7], c = ARGV[7], Q = ARGV[9], q = ARGV[9] }
local queueIndex = ARGV[10]
local members, touched = {}, {}
local function mark(key, id, present)
  local set = members[key]
  if not set then
    set = {}
    members[key] = set
    touched[#touched + 1] = key
  end
  set[id] = present
end
local i = 11
local n = #ARGV
while i <= n do
  local tag, id = ARGV[i], ARGV[i + 1]
  if tag == 'O' then
    redis.call('SET', entry[tag] .. id, ARGV[i + 3], 'PX', ttl)
    mark(index[tag], id, true)
    mark(queueIndex .. ARGV[i + 2], id, true)
    i = i + 4
  elseif tag == 'o' then
    redis.call('DEL', entry[tag] .. id)
    mark(index[tag], id, false)
    mark(queueIndex .. ARGV[i + 2], id, false)
    i = i + 3
  elseif tag == 'C' or tag == 'Q' then
    redis.call('SET', entry[tag] .. id, ARGV[i + 2], 'PX', ttl)
    mark(index[tag], id, true)
    i = i + 3
  elseif tag == 'c' or tag == 'q' then
    redis.call('DEL', entry[tag] .. id)
    mark(index[tag], id, false)
    i = i + 2
  else
    return redis.error_reply('unknown write tag ' .. tostring(tag))
  end
end
for _, key in ipairs(touched) do
  local add, remove = {}, {}
  for id, present in pairs(members[key]) do
    if present then add[#add + 1] = id else remove[#remove + 1] = id end
  end
  -- unpack() puts every element on Lua's C stack: bounded chunks stay far below its limit.
  for j = 1, #add, 1000 do redis.call('SADD', key, unpack(add, j, math.min(j + 999, #add))) end
  for j = 1, #remove, 1000 do redis.call('SREM', key, unpack(remove, j, math.min(j + 999, #remove))) end
  redis.call('PEXPIRE', key, ttl)
end
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
    keys.channel(''),
    keys.allChannels,
    keys.queueStatus(''),
    keys.allQueues,
    keys.queueOperators(''),
  ];
  for (const change of changes) {
    switch (change.kind) {
      case 'operator':
        if (change.op === 'upsert')
          args.push('O', change.id, change.value.queue, JSON.stringify(change.value));
        else args.push('o', change.id, queueOfMemberId(change.id));
        break;
      case 'channel':
        if (change.op === 'upsert') args.push('C', change.id, JSON.stringify(change.value));
        else args.push('c', change.id);
        break;
      case 'queue':
        if (change.op === 'upsert') args.push('Q', change.id, JSON.stringify(change.value));
        else args.push('q', change.id);
        break;
    }
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
