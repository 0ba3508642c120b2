import type Redis from 'ioredis';
import { busRedisKeys } from './bus.redis-keys';
import type { MessageDedupStore } from './message-dedup.store';

const PROCESSING = 'processing';
const DONE = 'done';

// Claim or report in one round trip: SET NX, and on a clash the current value.
const CLAIM = `
if redis.call('SET', KEYS[1], '${PROCESSING}', 'NX', 'PX', ARGV[1]) then return 'claimed' end
local current = redis.call('GET', KEYS[1])
if current == '${DONE}' then return 'done' end
return 'busy'`;

const RELEASE = `if redis.call('GET', KEYS[1]) == '${PROCESSING}' then return redis.call('DEL', KEYS[1]) end return 0`;

export interface RedisMessageDedupOptions {
  keyPrefix: string;
  /** How long a claim holds if its instance dies while handling. */
  claimTtlMs: number;
  /** How long a handled messageId is remembered: longer than any redelivery can take. */
  doneTtlMs: number;
}

export class RedisMessageDedupStore implements MessageDedupStore {
  private readonly keys: ReturnType<typeof busRedisKeys>;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisMessageDedupOptions,
  ) {
    this.keys = busRedisKeys(options.keyPrefix);
  }

  async claim(queue: string, messageId: string): Promise<'claimed' | 'done' | 'busy'> {
    const result = await this.redis.eval(
      CLAIM,
      1,
      this.keys.handled(queue, messageId),
      this.options.claimTtlMs,
    );
    return result === 'claimed' || result === 'done' ? result : 'busy';
  }

  async complete(queue: string, messageId: string): Promise<void> {
    await this.redis.set(this.keys.handled(queue, messageId), DONE, 'PX', this.options.doneTtlMs);
  }

  async release(queue: string, messageId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.handled(queue, messageId));
  }
}
