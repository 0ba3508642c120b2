import { LiveStatusRedisKeys, queueOfMemberId } from '../adapters/live-status.redis-keys';
import type { LiveStatusStoreWrite } from './live-status-store.types';

/** The subset of an ioredis pipeline/MULTI the write path uses; tests pass a recording fake. */
export interface LiveWritePipeline {
  set(key: string, value: string, px: 'PX', ttlMs: number): unknown;
  sadd(key: string, ...members: string[]): unknown;
  srem(key: string, ...members: string[]): unknown;
  del(...keys: string[]): unknown;
  pexpire(key: string, ttlMs: number): unknown;
}

/**
 * Queues the commands of `writes` on `pipeline`. Meant for a MULTI: an entry and its index members change
 * in the same transaction, so no reader sees one without the other. Index sets get the same TTL as the
 * entries and are refreshed after them, so an index never expires before the entries it lists.
 */
export function appendLiveStatusWrites(
  pipeline: LiveWritePipeline,
  keys: LiveStatusRedisKeys,
  writes: readonly LiveStatusStoreWrite[],
  ttlMs: number,
): void {
  const touchedIndexes = new Set<string>();
  const index = (key: string): string => {
    touchedIndexes.add(key);
    return key;
  };

  for (const write of writes) {
    switch (write.entity) {
      case 'operator':
        if (write.op === 'upsert') {
          pipeline.set(keys.operator(write.id), JSON.stringify(write.value), 'PX', ttlMs);
          pipeline.sadd(index(keys.allOperators), write.id);
          pipeline.sadd(index(keys.queueOperators(write.value.queue)), write.id);
        } else {
          pipeline.del(keys.operator(write.id));
          pipeline.srem(index(keys.allOperators), write.id);
          pipeline.srem(index(keys.queueOperators(write.queue ?? queueOfMemberId(write.id))), write.id);
        }
        break;
      case 'channel':
        if (write.op === 'upsert') {
          pipeline.set(keys.channel(write.id), JSON.stringify(write.value), 'PX', ttlMs);
          pipeline.sadd(index(keys.allChannels), write.id);
        } else {
          pipeline.del(keys.channel(write.id));
          pipeline.srem(index(keys.allChannels), write.id);
        }
        break;
      case 'queue':
        if (write.op === 'upsert') {
          pipeline.set(keys.queueStatus(write.id), JSON.stringify(write.value), 'PX', ttlMs);
          pipeline.sadd(index(keys.allQueues), write.id);
        } else {
          pipeline.del(keys.queueStatus(write.id));
          pipeline.srem(index(keys.allQueues), write.id);
        }
        break;
    }
  }
  for (const key of touchedIndexes) pipeline.pexpire(key, ttlMs);
}
