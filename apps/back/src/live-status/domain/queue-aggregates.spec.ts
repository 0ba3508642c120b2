import type { MemberStatus, OperatorStatusData } from '@cc/contracts';
import { aggregateQueue, serviceLevelPctOf } from './queue-aggregates';
import { createQueueRecord } from './live-status.types';

function op(status: MemberStatus, paused = false, inCall = false): OperatorStatusData {
  return {
    id: `q:${status}`,
    name: status,
    interface: 'PJSIP/1',
    queue: 'q',
    status,
    paused,
    pausedReason: '',
    inCall,
    currentCall: null,
    lastCallAt: null,
    callsTaken: 0,
    penalty: 0,
    membership: 'static',
    updatedAt: '',
  };
}

describe('aggregateQueue', () => {
  const now = new Date('2026-11-22T21:00:10Z');

  it('puts each member in one bucket: unavailable, then paused, then available, else busy', () => {
    const members = [
      op('NOT_INUSE'),
      op('UNKNOWN'),
      op('NOT_INUSE', false, true), // wrap-up or call not yet reflected in the device: not offerable
      op('INUSE'),
      op('RINGING'),
      op('NOT_INUSE', true),
      op('UNAVAILABLE', true),
      op('INVALID'),
    ];
    expect(aggregateQueue(members, [], now)).toEqual({
      totalMembers: 8,
      available: 2,
      busy: 3,
      paused: 1,
      unavailable: 2,
      callersWaiting: 0,
      longestWaitSec: 0,
    });
  });

  it('measures the longest wait from the join times', () => {
    const caller = (uniqueid: string, joinedAt: string) => ({
      uniqueid,
      channel: '',
      callerId: '',
      callerName: '',
      position: 1,
      joinedAt,
    });
    const result = aggregateQueue(
      [],
      [caller('a', '2026-11-22T21:00:07Z'), caller('b', '2026-11-22T20:59:55.500Z')],
      now,
    );
    expect([result.callersWaiting, result.longestWaitSec]).toEqual([2, 14]);
  });
});

describe('serviceLevelPctOf', () => {
  it('uses QueueParams ServicelevelPerf until events recount, then answered-in-SL over answered', () => {
    const record = createQueueRecord('q');
    expect(serviceLevelPctOf(record)).toBe(0);
    record.serviceLevelPctFromParams = 66.7;
    expect(serviceLevelPctOf(record)).toBe(66.7);
    record.serviceLevelPctFromParams = null;
    record.completed = 3;
    record.completedInServiceLevel = 2;
    expect(serviceLevelPctOf(record)).toBe(66.7);
  });
});
