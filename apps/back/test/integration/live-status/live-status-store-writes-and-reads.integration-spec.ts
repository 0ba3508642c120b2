import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import {
  FencedLiveStatusStoreSink,
  type IngestionFenceSource,
} from '../../../src/live-status/adapters/fenced-live-status-store.sink';
import { LiveStatusWriter } from '../../../src/live-status/adapters/live-status.writer';
import { LiveStatusStoreFencedError } from '../../../src/live-status/adapters/live-status-store.fence';
import { LiveStatusStore } from '../../../src/live-status/adapters/live-status.store';
import { anOperator } from '../../../src/live-status/testing/live-status.builders';

describe('ingestion writes fenced by the lease', () => {
  const prefix = `test:${randomUUID()}:`;
  const leaseKey = `${prefix}ingestion:lease`;
  const redis = new Redis('redis://127.0.0.1:6379');
  const store = new LiveStatusStore(redis, prefix);

  afterAll(async () => {
    await store.clearAll();
    await redis.del(leaseKey);
    redis.disconnect();
  });

  it('writes while the lease holds our value and refuses the whole batch once another instance took it', async () => {
    await redis.set(leaseKey, 'instance-a:7');
    const fence = { key: leaseKey, value: 'instance-a:7' };
    await store.applyWrites(
      [
        {
          kind: 'operator',
          op: 'upsert',
          version: 1,
          id: 'sales:PJSIP/1001',
          value: anOperator('sales', '1001'),
        },
      ],
      fence,
    );
    expect((await store.getOperator('sales:PJSIP/1001'))?.status).toBe('NOT_INUSE');

    await redis.set(leaseKey, 'instance-b:8');
    const stale = [
      {
        kind: 'operator' as const,
        op: 'upsert' as const,
        version: 1,
        id: 'sales:PJSIP/1001',
        value: anOperator('sales', '1001', { status: 'INUSE' }),
      },
      {
        kind: 'operator' as const,
        op: 'upsert' as const,
        version: 1,
        id: 'sales:PJSIP/1002',
        value: anOperator('sales', '1002'),
      },
    ];
    await expect(store.applyWrites(stale, fence)).rejects.toBeInstanceOf(LiveStatusStoreFencedError);
    await expect(store.replaceAll({ operators: [], channels: [], queues: [] }, fence)).rejects.toBeInstanceOf(
      LiveStatusStoreFencedError,
    );
    expect((await store.getOperator('sales:PJSIP/1001'))?.status).toBe('NOT_INUSE');
    expect(await store.getOperator('sales:PJSIP/1002')).toBeNull();
    expect((await store.getAllOperators()).map((o) => o.id)).toEqual(['sales:PJSIP/1001']);
  });

  it('replaces the whole state under a valid fence', async () => {
    await redis.set(leaseKey, 'instance-b:8');
    const fence = { key: leaseKey, value: 'instance-b:8' };
    await store.replaceAll({ operators: [anOperator('support', '1003')], channels: [], queues: [] }, fence);
    expect((await store.getAllOperators()).map((o) => o.id)).toEqual(['support:PJSIP/1003']);
  });

  it('the batch writer drops writes refused by the fence instead of retrying them', async () => {
    // An instance that holds no lease yet (the leadership service's fence is null), then takes it.
    const holder: { -readonly [K in keyof IngestionFenceSource]: IngestionFenceSource[K] } = { fence: null };
    const writer = new LiveStatusWriter(new FencedLiveStatusStoreSink(store, holder), { retryBaseMs: 10 });
    writer.enqueue({
      kind: 'operator',
      op: 'upsert',
      version: 1,
      id: 'billing:PJSIP/1010',
      value: anOperator('billing', '1010'),
    });
    await writer.flush();
    expect(writer.stats).toMatchObject({ writesFenced: 1, pending: 0, failures: 0 });
    expect(await store.getOperator('billing:PJSIP/1010')).toBeNull();

    holder.fence = { key: leaseKey, value: 'instance-b:8' };
    writer.enqueue({
      kind: 'operator',
      op: 'upsert',
      version: 1,
      id: 'billing:PJSIP/1010',
      value: anOperator('billing', '1010'),
    });
    await writer.flush();
    expect(await store.getOperator('billing:PJSIP/1010')).not.toBeNull();
    writer.stop();
  });
});

describe('snapshot reads whatever the key prefix', () => {
  // SORT ... GET cannot express a prefix holding `*`: those stores read with SMEMBERS + MGET instead.
  it.each([`test:${randomUUID()}:`, `test:*${randomUUID()}*:`])(
    'reads entries, skips and cleans expired ones (prefix %s)',
    async (prefix) => {
      const redis = new Redis('redis://127.0.0.1:6379');
      const store = new LiveStatusStore(redis, prefix);
      try {
        const alive = anOperator('sales', '1001');
        const expiring = anOperator('sales', '1002');
        await store.replaceAll({ operators: [alive, expiring], channels: [], queues: [] });
        await redis.del(store.keys.operator(expiring.id));
        const snapshot = await store.getFullSnapshot();
        expect(snapshot.operators).toEqual([alive]);
        expect(await store.getOperatorsByQueue('sales')).toEqual([alive]);
        // The index is cleaned in the background, after the read that found the entry gone.
        for (let i = 0; i < 50 && (await redis.sismember(store.keys.allOperators, expiring.id)) === 1; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(await redis.sismember(store.keys.allOperators, expiring.id)).toBe(0);
      } finally {
        await store.clearAll();
        redis.disconnect();
      }
    },
  );
});
