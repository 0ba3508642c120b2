import type { OperatorStatusData, QueueStatusData } from '@cc/contracts';
import { planResync, planStartupSeed } from './redis-seed.plan';

function operator(queue: string, ext: string, patch: Partial<OperatorStatusData> = {}): OperatorStatusData {
  const iface = `PJSIP/${ext}`;
  return {
    id: `${queue}:${iface}`,
    name: `Agent ${ext}`,
    interface: iface,
    queue,
    status: 'UNKNOWN',
    paused: false,
    pausedReason: '',
    inCall: false,
    currentCall: null,
    lastCallAt: null,
    callsTaken: 0,
    penalty: 0,
    membership: 'static',
    updatedAt: '2026-11-24T03:00:00.000Z',
    ...patch,
  };
}

function queue(name: string, patch: Partial<QueueStatusData> = {}): QueueStatusData {
  return {
    name,
    strategy: 'rrmemory',
    totalMembers: 0,
    available: 0,
    busy: 0,
    paused: 0,
    unavailable: 0,
    callersWaiting: 0,
    longestWaitSec: 0,
    completed: 0,
    abandoned: 0,
    serviceLevelPct: 0,
    callers: [],
    updatedAt: '2026-11-24T03:00:00.000Z',
    ...patch,
  };
}

describe('planStartupSeed', () => {
  it('writes only the queues and members Redis lacks and never overwrites live entries', () => {
    const live = operator('sales', '1001', { status: 'INUSE', inCall: true, callsTaken: 4 });
    const writes = planStartupSeed(
      {
        queues: [queue('sales'), queue('support')],
        operators: [operator('sales', '1001'), operator('sales', '1002')],
      },
      { queues: [queue('sales', { completed: 9 })], operators: [live] },
    );
    expect(writes).toEqual([
      { entity: 'queue', op: 'upsert', id: 'support', value: queue('support') },
      { entity: 'operator', op: 'upsert', id: 'sales:PJSIP/1002', value: operator('sales', '1002') },
    ]);
  });

  it('removes nothing Redis holds beyond Postgres', () => {
    const writes = planStartupSeed(
      { queues: [], operators: [] },
      { queues: [queue('vip')], operators: [operator('vip', '1005')] },
    );
    expect(writes).toEqual([]);
  });
});

describe('planResync', () => {
  const now = new Date('2026-11-24T04:00:00.000Z');

  it('takes configuration from Postgres, keeps live fields from Redis, removes what Postgres lacks', () => {
    const live = operator('sales', '1001', {
      name: 'Old name',
      penalty: 3,
      status: 'INUSE',
      paused: true,
      pausedReason: 'Lunch',
      callsTaken: 4,
    });
    const writes = planResync(
      {
        queues: [queue('sales', { strategy: 'leastrecent' })],
        operators: [operator('sales', '1001', { penalty: 1 }), operator('sales', '1002')],
      },
      {
        queues: [queue('sales', { completed: 9 }), queue('vip')],
        operators: [live, operator('vip', '1005')],
      },
      now,
    );
    const updatedAt = now.toISOString();
    expect(writes).toEqual([
      {
        entity: 'queue',
        op: 'upsert',
        id: 'sales',
        value: queue('sales', { strategy: 'leastrecent', completed: 9, updatedAt }),
      },
      {
        entity: 'operator',
        op: 'upsert',
        id: 'sales:PJSIP/1001',
        value: { ...live, name: 'Agent 1001', penalty: 1, updatedAt },
      },
      {
        entity: 'operator',
        op: 'upsert',
        id: 'sales:PJSIP/1002',
        value: operator('sales', '1002', { updatedAt }),
      },
      { entity: 'operator', op: 'remove', id: 'vip:PJSIP/1005', queue: 'vip' },
      { entity: 'queue', op: 'remove', id: 'vip' },
    ]);
  });
});
