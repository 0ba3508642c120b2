import type { Redis } from 'ioredis';

/**
 * A lease in Redis that at most one back-end instance holds at a time, so exactly one ingests AMI.
 *
 * The value of the lease key is `<ownerId>:<fencingToken>`. The fencing token comes from a counter
 * that only grows, so a writer that lost the lease (a long GC pause, a partition) can be recognised:
 * its token is lower than the current holder's, and fenced writes check the lease value first.
 */
export interface LeaseGrant {
  /** The exact value stored in the lease key while we hold it. */
  value: string;
  fencingToken: number;
}

// KEYS[1] lease key, KEYS[2] fencing counter; ARGV[1] owner id, ARGV[2] ttl ms.
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return token`;

// KEYS[1] lease key; ARGV[1] expected value, ARGV[2] ttl ms.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

// KEYS[1] lease key; ARGV[1] expected value.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisLease {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly fencingKey: string,
    private readonly ownerId: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease if nobody holds it. */
  async tryAcquire(): Promise<LeaseGrant | null> {
    const token = await this.redis.eval(ACQUIRE, 2, this.key, this.fencingKey, this.ownerId, this.ttlMs);
    if (typeof token !== 'number') return null;
    return { value: `${this.ownerId}:${token}`, fencingToken: token };
  }

  /** Extends the lease; false means it was lost (expired and maybe taken by another instance). */
  async renew(grant: LeaseGrant): Promise<boolean> {
    const renewed = await this.redis.eval(RENEW, 1, this.key, grant.value, this.ttlMs);
    return renewed === 1;
  }

  async release(grant: LeaseGrant): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, grant.value);
  }
}
