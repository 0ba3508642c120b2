// Two instances' LeadershipService on one real Redis: one ingestion leader, named leases for other
// single actors, and a standby that takes over when the holder shuts down.
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AppEventBus } from '../../../src/events/app-event.bus';
import type { AppEvents } from '../../../src/events/app-events';
import { LeadershipService, type HeldLease } from '../../../src/leadership/leadership.service';
import { waitUntil } from '../../support/live-status-harness';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../support/test-redis';

const prefix = `test:${randomUUID()}:`;

describe('LeadershipService', () => {
  const redis = new Redis(TEST_REDIS_URL);
  const services: LeadershipService[] = [];

  function instance(instanceId: string): { service: LeadershipService; roles: string[] } {
    const bus = new AppEventBus(new EventEmitter2());
    const roles: string[] = [];
    bus.on('leadership.changed', (event: AppEvents['leadership.changed']) => void roles.push(event.role));
    const service = new LeadershipService(
      redis,
      prefix,
      { instanceId, leaseTtlMs: 1500, leaseRenewIntervalMs: 250 },
      bus,
    );
    services.push(service);
    return { service, roles };
  }

  afterAll(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await deleteRedisKeys(prefix);
    redis.disconnect();
  });

  it('makes one instance the ingestion leader, hands named leases out once, and fails both over on shutdown', async () => {
    const a = instance('a');
    const b = instance('b');
    a.service.onApplicationBootstrap();
    await waitUntil(() => a.service.isLeader, 3000);
    b.service.onApplicationBootstrap();

    const dialer: Record<string, HeldLease | null> = { a: null, b: null };
    const handleA = a.service.takeLease('dialer', {
      elected: (lease) => (dialer['a'] = lease),
      deposed: () => (dialer['a'] = null),
    });
    await waitUntil(() => dialer['a'] !== null, 3000);
    b.service.takeLease('dialer', {
      elected: (lease) => (dialer['b'] = lease),
      deposed: () => (dialer['b'] = null),
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect([a.service.isLeader, b.service.isLeader]).toEqual([true, false]);
    expect(a.roles).toEqual(['leader']);
    expect(b.roles).toEqual([]);
    expect(dialer['b']).toBeNull();
    expect(handleA.held?.fence).toEqual({
      key: `${prefix}lease:dialer`,
      value: `a:${handleA.held?.fencingToken}`,
    });
    expect(await redis.get(`${prefix}ingestion:lease`)).toBe(a.service.fence?.value);

    const oldToken = handleA.held?.fencingToken ?? Number.MAX_SAFE_INTEGER;
    await a.service.onApplicationShutdown();
    await waitUntil(() => b.service.isLeader && dialer['b'] !== null, 3000);
    expect(a.roles).toEqual(['leader', 'standby']);
    expect(b.roles).toEqual(['leader']);
    // Fencing tokens only grow, so a write fenced by the old holder is refused.
    expect(dialer['b']?.fencingToken).toBeGreaterThan(oldToken);
  }, 20_000);
});
