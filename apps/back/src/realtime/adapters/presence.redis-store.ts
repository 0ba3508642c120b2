import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../../redis/redis.tokens';
import { realtimeRedisKeys } from './realtime.redis-keys';

/** An entry lapses unless its instance refreshes it: a crashed instance's sockets stop counting. */
export const PRESENCE_ENTRY_TTL_MS = 60_000;

// One script per transition so "first socket" and "last socket" are decided inside Redis: two tabs
// connecting on two instances at once cannot both, or neither, see themselves as the first.
const ADD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local added = redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {added, count}`;
const REMOVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
if count == 0 then redis.call('DEL', KEYS[1]) end
return {removed, count}`;

/** Which sockets each user has open on any instance (a sorted set per user, scored by lapse time). */
@Injectable()
export class PresenceRedisStore {
  private readonly keys: ReturnType<typeof realtimeRedisKeys>;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) prefix: string,
  ) {
    this.keys = realtimeRedisKeys(prefix);
  }

  /** Records the socket; true when it is the user's first one anywhere. */
  async add(userId: string, socketId: string, nowMs: number): Promise<boolean> {
    const [added, count] = (await this.redis.eval(
      ADD,
      1,
      this.keys.presence(userId),
      socketId,
      nowMs + PRESENCE_ENTRY_TTL_MS,
      nowMs,
      PRESENCE_ENTRY_TTL_MS,
    )) as [number, number];
    return added === 1 && count === 1;
  }

  /** Forgets the socket; true when the user has no socket left anywhere. */
  async remove(userId: string, socketId: string, nowMs: number): Promise<boolean> {
    const [removed, count] = (await this.redis.eval(
      REMOVE,
      1,
      this.keys.presence(userId),
      socketId,
      nowMs,
    )) as [number, number];
    return removed === 1 && count === 0;
  }

  /** Pushes the lapse time of this instance's live sockets forward. */
  async refresh(entries: readonly { userId: string; socketId: string }[], nowMs: number): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { userId, socketId } of entries) {
      const key = this.keys.presence(userId);
      pipeline.zadd(key, 'XX', nowMs + PRESENCE_ENTRY_TTL_MS, socketId);
      pipeline.pexpire(key, PRESENCE_ENTRY_TTL_MS);
    }
    await pipeline.exec();
  }
}
