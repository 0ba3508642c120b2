import type { Redis } from 'ioredis';
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

// ARGV: lease key, expected value, then commands as <name> <argc> <args...>. A Lua script runs
// atomically like MULTI/EXEC, and unlike MULTI it can refuse the whole batch up front.
const FENCED_BATCH_LUA = `
if redis.call('GET', ARGV[1]) ~= ARGV[2] then return redis.error_reply('FENCED') end
local i = 3
local n = #ARGV
while i <= n do
  local argc = tonumber(ARGV[i + 1])
  redis.call(ARGV[i], unpack(ARGV, i + 2, i + 1 + argc))
  i = i + 2 + argc
end
return 'OK'`;

/** Records the write path's commands to run them as one fenced Lua batch. */
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

  async exec(redis: Redis, fence: LiveStatusStoreFence, operation: string): Promise<void> {
    try {
      await redis.eval(FENCED_BATCH_LUA, 0, fence.key, fence.value, ...this.args);
    } catch (error) {
      // Redis 7 prefixes a script's error_reply with `ERR `.
      if (error instanceof Error && /\bFENCED\b/.test(error.message))
        throw new LiveStatusStoreFencedError(operation);
      throw error;
    }
  }

  private push(command: string, ...args: string[]): this {
    this.args.push(command, String(args.length), ...args);
    this.commands++;
    return this;
  }
}
