import type Redis from 'ioredis';
import { dialerRedisKeys } from './dialer.redis-keys';

// Only the holder releases: a reservation that expired and was taken by another attempt stays.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * One reservation per agent across every instance: SET NX with a lifetime. The lifetime only matters
 * if an instance dies holding it; normally the reservation is released when the call ends or fails.
 */
export class RedisAgentReservations {
  private readonly keys: ReturnType<typeof dialerRedisKeys>;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly ttlMs: number,
  ) {
    this.keys = dialerRedisKeys(keyPrefix);
  }

  /** Reserves the first agent of `candidates` nobody holds, for `holder`; null when all are taken. */
  async reserveFirstFree(candidates: readonly string[], holder: string): Promise<string | null> {
    for (const extension of candidates) {
      const reply = await this.redis.set(
        this.keys.agentReservation(extension),
        holder,
        'PX',
        this.ttlMs,
        'NX',
      );
      if (reply === 'OK') return extension;
    }
    return null;
  }

  async release(extension: string, holder: string): Promise<boolean> {
    const deleted = await this.redis.eval(RELEASE, 1, this.keys.agentReservation(extension), holder);
    return deleted === 1;
  }

  async holderOf(extension: string): Promise<string | null> {
    return this.redis.get(this.keys.agentReservation(extension));
  }
}
