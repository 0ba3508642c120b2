import type { ChannelStatusData, OperatorStatusData, QueueStatusData } from '@cc/contracts';
import { createLiveStatusRedisKeys } from '../adapters/live-status.redis-keys';
import { appendLiveStatusWrites, LiveWritePipeline } from './live-status-write.commands';

type Command = [string, ...(string | number)[]];

function recordingPipeline(): { pipeline: LiveWritePipeline; commands: Command[] } {
  const commands: Command[] = [];
  const pipeline: LiveWritePipeline = {
    set: (key, value, px, ttl) => commands.push(['set', key, value, px, ttl]),
    sadd: (key, ...members) => commands.push(['sadd', key, ...members]),
    srem: (key, ...members) => commands.push(['srem', key, ...members]),
    del: (...keys) => commands.push(['del', ...keys]),
    pexpire: (key, ttl) => commands.push(['pexpire', key, ttl]),
  };
  return { pipeline, commands };
}

const operator = { id: 'sales:PJSIP/1001', queue: 'sales', name: 'Alice' } as OperatorStatusData;
const channel = { id: '1700000000.1', name: 'PJSIP/1001-00000001' } as ChannelStatusData;
const queue = { name: 'sales', callersWaiting: 2 } as QueueStatusData;
const keys = createLiveStatusRedisKeys('p:');

describe('appendLiveStatusWrites', () => {
  it('writes an operator with its global and per-queue index members, then refreshes both index TTLs', () => {
    const { pipeline, commands } = recordingPipeline();
    appendLiveStatusWrites(
      pipeline,
      keys,
      [{ kind: 'operator', op: 'upsert', version: 1, id: operator.id, value: operator }],
      5000,
    );
    expect(commands).toEqual([
      ['set', 'p:queue:operator:sales:PJSIP/1001', JSON.stringify(operator), 'PX', 5000],
      ['sadd', 'p:queue:operators:all', 'sales:PJSIP/1001'],
      ['sadd', 'p:queue:operators:sales', 'sales:PJSIP/1001'],
      ['pexpire', 'p:queue:operators:all', 5000],
      ['pexpire', 'p:queue:operators:sales', 5000],
    ]);
  });

  it('removes an operator from the per-queue index named by the write, or by its memberId', () => {
    const { pipeline, commands } = recordingPipeline();
    appendLiveStatusWrites(
      pipeline,
      keys,
      [
        { kind: 'operator', op: 'remove', version: 1, id: 'sales:PJSIP/1001' },
        { kind: 'operator', op: 'remove', version: 1, id: 'odd:name:PJSIP/7' },
      ],
      5000,
    );
    expect(commands).toContainEqual(['del', 'p:queue:operator:sales:PJSIP/1001']);
    expect(commands).toContainEqual(['srem', 'p:queue:operators:sales', 'sales:PJSIP/1001']);
    expect(commands).toContainEqual(['srem', 'p:queue:operators:odd:name', 'odd:name:PJSIP/7']);
    expect(commands.filter(([name, key]) => name === 'srem' && key === 'p:queue:operators:all')).toHaveLength(
      2,
    );
  });

  it('writes channels and queues with their index sets, refreshing each index TTL once per batch', () => {
    const { pipeline, commands } = recordingPipeline();
    appendLiveStatusWrites(
      pipeline,
      keys,
      [
        { kind: 'channel', op: 'upsert', version: 1, id: channel.id, value: channel },
        { kind: 'channel', op: 'remove', version: 1, id: '1700000000.2' },
        { kind: 'queue', op: 'upsert', version: 1, id: queue.name, value: queue },
        { kind: 'queue', op: 'remove', version: 1, id: 'gone' },
      ],
      60000,
    );
    expect(commands).toEqual([
      ['set', 'p:channel:1700000000.1', JSON.stringify(channel), 'PX', 60000],
      ['sadd', 'p:channels:all', '1700000000.1'],
      ['del', 'p:channel:1700000000.2'],
      ['srem', 'p:channels:all', '1700000000.2'],
      ['set', 'p:queue:status:sales', JSON.stringify(queue), 'PX', 60000],
      ['sadd', 'p:queues:all', 'sales'],
      ['del', 'p:queue:status:gone'],
      ['srem', 'p:queues:all', 'gone'],
      ['pexpire', 'p:channels:all', 60000],
      ['pexpire', 'p:queues:all', 60000],
    ]);
  });
});
