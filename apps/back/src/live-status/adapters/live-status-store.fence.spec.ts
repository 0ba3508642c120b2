import { createHash } from 'node:crypto';
import type { LiveStatusChange } from '@cc/contracts';
import type { Redis } from 'ioredis';
import { aChannel, anOperator, aQueueStatus } from '../testing/live-status.builders';
import { createLiveStatusRedisKeys } from './live-status.redis-keys';
import { execFencedWrites, fencedWritesArgs, LiveStatusStoreFencedError } from './live-status-store.fence';

const keys = createLiveStatusRedisKeys('p:');
const fence = { key: 'p:ingestion:lease', value: 'a:1' };

/** Answers EVALSHA as a Redis would: NOSCRIPT until the script has been sent once with EVAL. */
class ScriptCachingRedis {
  readonly calls: string[] = [];
  private readonly cached = new Set<string>();
  reply: () => unknown = () => 'OK';

  async evalsha(sha: string): Promise<unknown> {
    this.calls.push('evalsha');
    if (!this.cached.has(sha)) throw new Error('NOSCRIPT No matching script. Please use EVAL.');
    return this.reply();
  }

  async eval(source: string): Promise<unknown> {
    this.calls.push('eval');
    this.cached.add(createHash('sha1').update(source).digest('hex'));
    return this.reply();
  }
}

describe('fencedWritesArgs', () => {
  it('groups the writes by family and operation, each with its id and only what Redis cannot derive', () => {
    const operator = anOperator('sales', '1001');
    const changes: LiveStatusChange[] = [
      { kind: 'queue', op: 'remove', version: 1, id: 'gone' },
      { kind: 'operator', op: 'upsert', version: 2, id: operator.id, value: operator },
      { kind: 'channel', op: 'upsert', version: 3, id: '17.1', value: aChannel('17.1') },
      { kind: 'operator', op: 'remove', version: 4, id: 'odd:name:PJSIP/7' },
      { kind: 'channel', op: 'remove', version: 5, id: '17.2' },
      { kind: 'queue', op: 'upsert', version: 6, id: 'sales', value: aQueueStatus('sales') },
    ];
    expect(fencedWritesArgs(keys, changes, 5000, fence)).toEqual([
      'p:ingestion:lease',
      'a:1',
      '5000',
      'p:queue:operator:',
      'p:queue:operators:all',
      'p:queue:operators:',
      'p:channel:',
      'p:channels:all',
      'p:queue:status:',
      'p:queues:all',
      ...['1', operator.id, 'sales', JSON.stringify(operator)],
      ...['1', 'odd:name:PJSIP/7', 'odd:name'],
      ...['1', '17.1', JSON.stringify(aChannel('17.1'))],
      ...['1', '17.2'],
      ...['1', 'sales', JSON.stringify(aQueueStatus('sales'))],
      ...['1', 'gone'],
    ]);
  });

  it('keeps only the last write to each entity, as the batch applied in order would leave it', () => {
    const first = anOperator('sales', '1001');
    const last = anOperator('sales', '1001', { paused: true });
    const changes: LiveStatusChange[] = [
      { kind: 'operator', op: 'upsert', version: 1, id: first.id, value: first },
      { kind: 'channel', op: 'upsert', version: 2, id: '17.1', value: aChannel('17.1') },
      { kind: 'operator', op: 'remove', version: 3, id: first.id },
      { kind: 'channel', op: 'remove', version: 4, id: '17.1' },
      { kind: 'operator', op: 'upsert', version: 5, id: first.id, value: last },
    ];
    expect(fencedWritesArgs(keys, changes, 5000, fence).slice(10)).toEqual([
      ...['1', first.id, 'sales', JSON.stringify(last)],
      '0',
      '0',
      ...['1', '17.1'],
      '0',
      '0',
    ]);
  });
});

describe('execFencedWrites', () => {
  const write: LiveStatusChange[] = [
    { kind: 'queue', op: 'upsert', version: 1, id: 'sales', value: aQueueStatus('sales') },
  ];

  it('sends the script text once, after Redis lost it, and only its SHA afterwards', async () => {
    const redis = new ScriptCachingRedis();
    await execFencedWrites(redis as unknown as Redis, keys, write, 5000, fence);
    await execFencedWrites(redis as unknown as Redis, keys, write, 5000, fence);
    expect(redis.calls).toEqual(['evalsha', 'eval', 'evalsha']);
  });

  it('turns the script refusing the batch into LiveStatusStoreFencedError', async () => {
    const redis = new ScriptCachingRedis();
    redis.reply = () => {
      throw new Error('ERR FENCED');
    };
    await expect(
      execFencedWrites(redis as unknown as Redis, keys, write, 5000, fence),
    ).rejects.toBeInstanceOf(LiveStatusStoreFencedError);
  });
});
