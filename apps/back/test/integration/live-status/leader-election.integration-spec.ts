import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { LeaderElector } from '../../../src/leadership/leader-elector';
import { RedisLease } from '../../../src/leadership/redis-lease';

const prefix = `test:${randomUUID()}:`;
const leaseKey = `${prefix}ingestion:lease`;
const fencingKey = `${prefix}ingestion:fencing`;

function waitFor(predicate: () => boolean, timeoutMs: number): Promise<number> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (predicate()) {
        clearInterval(poll);
        resolve(Date.now() - startedAt);
      } else if (Date.now() - startedAt > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`condition not met within ${timeoutMs} ms`));
      }
    }, 20);
  });
}

describe('ingestion leadership over a Redis lease', () => {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
  const electors: LeaderElector[] = [];

  function elector(owner: string, events: string[]): LeaderElector {
    const lease = new RedisLease(redis, leaseKey, fencingKey, owner, 1500);
    const e = new LeaderElector(
      lease,
      { ttlMs: 1500, intervalMs: 250 },
      {
        elected: (g) => events.push(`elected:${g.fencingToken}`),
        deposed: (r) => events.push(`deposed:${r}`),
      },
    );
    electors.push(e);
    return e;
  }

  afterAll(async () => {
    await Promise.all(electors.map((e) => e.stop()));
    await redis.del(leaseKey, fencingKey);
    redis.disconnect();
  });

  it('elects exactly one of two running instances', async () => {
    const a = elector('instance-a', []);
    const b = elector('instance-b', []);
    a.start();
    await waitFor(() => a.isLeader, 2000);
    b.start();
    await new Promise((r) => setTimeout(r, 1000));
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    expect(await redis.get(leaseKey)).toBe(a.leaseValue);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('takes over within the lease TTL, with a higher fencing token, when the leader dies', async () => {
    await redis.del(leaseKey);
    // A crashed leader never renews nor releases: a lease taken with no elector behind it.
    const dead = await new RedisLease(redis, leaseKey, fencingKey, 'instance-dead', 1500).tryAcquire();
    expect(dead).not.toBeNull();
    const events: string[] = [];
    const standby = elector('instance-standby', events);
    standby.start();
    await new Promise((r) => setTimeout(r, 500));
    expect(standby.isLeader).toBe(false);
    const tookMs = await waitFor(() => standby.isLeader, 5000);
    expect(tookMs).toBeLessThan(5000);
    expect(standby.fencingToken).toBeGreaterThan(dead?.fencingToken ?? Infinity);
    expect(events).toEqual([`elected:${standby.fencingToken}`]);
    await standby.stop();
  });

  it('a clean stop releases the lease so the standby takes over at once', async () => {
    const events: string[] = [];
    const c = elector('instance-c', events);
    const d = elector('instance-d', []);
    c.start();
    await waitFor(() => c.isLeader, 2000);
    d.start();
    await c.stop();
    const tookMs = await waitFor(() => d.isLeader, 2000);
    expect(tookMs).toBeLessThan(1000);
    expect(events).toEqual([expect.stringMatching(/^elected:/), 'deposed:stopped']);
  });
});
