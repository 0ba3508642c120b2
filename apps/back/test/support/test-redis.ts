import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses, e.g. `cc_test_1a2b3c4d:`. */
export const uniqueRedisKeyPrefix = (): string => `cc_test_${randomBytes(4).toString('hex')}:`;

/** Deletes only the keys under `prefix` (never FLUSHDB: the Redis is shared). */
export async function deleteRedisKeys(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  if (prefix.length === 0) {
    throw new Error('Refusing to delete every key: empty prefix');
  }
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let deleted = 0;
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        deleted += await client.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}
