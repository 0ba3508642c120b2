import { createLiveStatusRedisKeys, escapeRedisGlob, queueOfMemberId } from './live-status.redis-keys';

describe('createLiveStatusRedisKeys', () => {
  const keys = createLiveStatusRedisKeys('cc:');

  it('spells the entry keys of the issue after the prefix', () => {
    expect(keys.operator('sales:PJSIP/1001')).toBe('cc:queue:operator:sales:PJSIP/1001');
    expect(keys.channel('1700000000.42')).toBe('cc:channel:1700000000.42');
    expect(keys.queueStatus('sales')).toBe('cc:queue:status:sales');
  });

  it('spells the index sets of the issue, and one operator set per queue', () => {
    expect(keys.allOperators).toBe('cc:queue:operators:all');
    expect(keys.allChannels).toBe('cc:channels:all');
    expect(keys.allQueues).toBe('cc:queues:all');
    expect(keys.queueOperators('sales')).toBe('cc:queue:operators:sales');
  });

  it('uses the bare keys when no prefix is configured', () => {
    const bare = createLiveStatusRedisKeys();
    expect(bare.operator('q:PJSIP/1')).toBe('queue:operator:q:PJSIP/1');
    expect(bare.allChannels).toBe('channels:all');
  });

  it('recognises only our key families under our prefix', () => {
    expect(keys.isOwnKey('cc:queue:operator:sales:PJSIP/1001')).toBe(true);
    expect(keys.isOwnKey('cc:queue:operators:sales')).toBe(true);
    expect(keys.isOwnKey('cc:channels:all')).toBe(true);
    expect(keys.isOwnKey('cc:queues:all')).toBe(true);
    expect(keys.isOwnKey('cc:queue:status:sales')).toBe(true);
    expect(keys.isOwnKey('cc:channel:1.2')).toBe(true);
    expect(keys.isOwnKey('cc:agent:status:1001')).toBe(false);
    expect(keys.isOwnKey('cc:channel:')).toBe(false);
    expect(keys.isOwnKey('other:channel:1.2')).toBe(false);
    expect(keys.isOwnKey('channel:1.2')).toBe(false);
  });

  it('escapes glob syntax of the prefix in the SCAN pattern', () => {
    expect(createLiveStatusRedisKeys('t[1]*?:').scanPattern).toBe('t\\[1\\]\\*\\?:*');
    expect(escapeRedisGlob('a\\b')).toBe('a\\\\b');
  });
});

describe('queueOfMemberId', () => {
  it('takes the queue before the interface', () => {
    expect(queueOfMemberId('sales:PJSIP/1001')).toBe('sales');
    expect(queueOfMemberId('support:Local/1001@from-queue/n')).toBe('support');
  });

  it('keeps a colon that belongs to the queue name, and one inside the interface', () => {
    expect(queueOfMemberId('odd:name:PJSIP/7')).toBe('odd:name');
    expect(queueOfMemberId('sales:PJSIP/trunk/sip:1001@example.com')).toBe('sales');
  });
});
