import { UNVERSIONED } from '../domain/live-status.types';
import type { OperatorStatusData } from '@cc/contracts';
import { anOperator, aQueueStatus } from '../testing/live-status.builders';
import { planResync, planStartupSeed } from './redis-seed.plan';

// Postgres seeds members before Asterisk has told their device state.
const operator = (queue: string, ext: string, patch: Partial<OperatorStatusData> = {}): OperatorStatusData =>
  anOperator(queue, ext, { status: 'UNKNOWN', ...patch });

describe('planStartupSeed', () => {
  it('writes only the queues and members Redis lacks and never overwrites live entries', () => {
    const live = operator('sales', '1001', { status: 'INUSE', inCall: true, callsTaken: 4 });
    const writes = planStartupSeed(
      {
        queues: [aQueueStatus('sales'), aQueueStatus('support')],
        operators: [operator('sales', '1001'), operator('sales', '1002')],
      },
      { queues: [aQueueStatus('sales', { completed: 9 })], operators: [live] },
    );
    expect(writes).toEqual([
      { kind: 'queue', op: 'upsert', version: UNVERSIONED, id: 'support', value: aQueueStatus('support') },
      {
        kind: 'operator',
        op: 'upsert',
        version: UNVERSIONED,
        id: 'sales:PJSIP/1002',
        value: operator('sales', '1002'),
      },
    ]);
  });

  it('removes nothing Redis holds beyond Postgres', () => {
    const writes = planStartupSeed(
      { queues: [], operators: [] },
      { queues: [aQueueStatus('vip')], operators: [operator('vip', '1005')] },
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
        queues: [aQueueStatus('sales', { strategy: 'leastrecent' })],
        operators: [operator('sales', '1001', { penalty: 1 }), operator('sales', '1002')],
      },
      {
        queues: [aQueueStatus('sales', { completed: 9 }), aQueueStatus('vip')],
        operators: [live, operator('vip', '1005')],
      },
      now,
    );
    const updatedAt = now.toISOString();
    expect(writes).toEqual([
      {
        kind: 'queue',
        op: 'upsert',
        version: UNVERSIONED,
        id: 'sales',
        value: aQueueStatus('sales', { strategy: 'leastrecent', completed: 9, updatedAt }),
      },
      {
        kind: 'operator',
        op: 'upsert',
        version: UNVERSIONED,
        id: 'sales:PJSIP/1001',
        value: { ...live, name: 'Agent 1001', penalty: 1, updatedAt },
      },
      {
        kind: 'operator',
        op: 'upsert',
        version: UNVERSIONED,
        id: 'sales:PJSIP/1002',
        value: operator('sales', '1002', { updatedAt }),
      },
      { kind: 'operator', op: 'remove', version: UNVERSIONED, id: 'vip:PJSIP/1005' },
      { kind: 'queue', op: 'remove', version: UNVERSIONED, id: 'vip' },
    ]);
  });
});
