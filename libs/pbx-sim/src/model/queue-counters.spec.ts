import {
  countAbandoned,
  countCompleted,
  countConnected,
  newQueueCounters,
  slPerf,
  slPerf2,
} from './queue-counters';
import { SimQueue } from './queue.types';

const queue = (serviceLevelSeconds = 20): SimQueue => ({
  config: {
    name: 'sales',
    extension: '500',
    strategy: 'ringall',
    timeoutSeconds: 15,
    retrySeconds: 2,
    wrapupSeconds: 5,
    serviceLevelSeconds,
    members: [],
  },
  members: [],
  callers: [],
  rrLast: -1,
  ...newQueueCounters(),
});

describe('queue counters', () => {
  it('reports service levels of 0 before any call', () => {
    expect([slPerf(queue()), slPerf2(queue())]).toEqual([0, 0]);
  });

  it('counts answers within the service level for ServicelevelPerf and abandons too for ServicelevelPerf2', () => {
    const q = queue(20);
    countCompleted(q, 10, 30);
    countCompleted(q, 25, 30);
    countAbandoned(q, 5);
    countAbandoned(q, 40);
    expect(slPerf(q)).toBe(50);
    expect(slPerf2(q)).toBe(50);
    expect([q.completed, q.abandoned]).toEqual([2, 2]);
  });

  it('weighs the newest hold and talk time a quarter after the first call', () => {
    const q = queue();
    countConnected(q, 8);
    countConnected(q, 16);
    countCompleted(q, 0, 40);
    countCompleted(q, 0, 80);
    expect(q.holdtimeAvg).toBe(10);
    expect(q.talktimeAvg).toBe(50);
  });
});
