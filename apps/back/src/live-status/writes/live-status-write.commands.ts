import { LiveStatusRedisKeys, queueOfMemberId } from '../adapters/live-status.redis-keys';
import type { LiveStatusChange } from '@cc/contracts';

/** The subset of an ioredis pipeline/MULTI the write path uses; tests pass a recording fake. */
export interface LiveWritePipeline {
  set(key: string, value: string, px: 'PX', ttlMs: number): unknown;
  sadd(key: string, ...members: string[]): unknown;
  srem(key: string, ...members: string[]): unknown;
  del(...keys: string[]): unknown;
  pexpire(key: string, ttlMs: number): unknown;
}

/**
 * Queues the commands of `changes` on `pipeline`. Meant for a MULTI: an entry and its index members change
 * in the same transaction, so no reader sees one without the other. Index sets get the same TTL as the
 * entries and are refreshed after them, so an index never expires before the entries it lists.
 */
export function appendLiveStatusWrites(
  pipeline: LiveWritePipeline,
  keys: LiveStatusRedisKeys,
  changes: readonly LiveStatusChange[],
  ttlMs: number,
): void {
  const touchedIndexes = new Set<string>();
  const index = (key: string): string => {
    touchedIndexes.add(key);
    return key;
  };

  for (const change of changes) {
    switch (change.kind) {
      case 'operator':
        if (change.op === 'upsert') {
          pipeline.set(keys.operator(change.id), JSON.stringify(change.value), 'PX', ttlMs);
          pipeline.sadd(index(keys.allOperators), change.id);
          pipeline.sadd(index(keys.queueOperators(change.value.queue)), change.id);
        } else {
          pipeline.del(keys.operator(change.id));
          pipeline.srem(index(keys.allOperators), change.id);
          pipeline.srem(index(keys.queueOperators(queueOfMemberId(change.id))), change.id);
        }
        break;
      case 'channel':
        if (change.op === 'upsert') {
          pipeline.set(keys.channel(change.id), JSON.stringify(change.value), 'PX', ttlMs);
          pipeline.sadd(index(keys.allChannels), change.id);
        } else {
          pipeline.del(keys.channel(change.id));
          pipeline.srem(index(keys.allChannels), change.id);
        }
        break;
      case 'queue':
        if (change.op === 'upsert') {
          pipeline.set(keys.queueStatus(change.id), JSON.stringify(change.value), 'PX', ttlMs);
          pipeline.sadd(index(keys.allQueues), change.id);
        } else {
          pipeline.del(keys.queueStatus(change.id));
          pipeline.srem(index(keys.allQueues), change.id);
        }
        break;
    }
  }
  for (const key of touchedIndexes) pipeline.pexpire(key, ttlMs);
}
