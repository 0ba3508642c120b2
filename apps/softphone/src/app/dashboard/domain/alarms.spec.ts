import type { AgentStatusView, PauseReason, QueueStatusData } from '@cc/contracts';
import { alarmKey, alarmsFrom, DEFAULT_THRESHOLDS } from './alarms';

const queue = (over: Partial<QueueStatusData>): QueueStatusData =>
  ({
    name: 'sales',
    callersWaiting: 0,
    longestWaitSec: 0,
    completed: 0,
    abandoned: 0,
    serviceLevelPct: 100,
    ...over,
  }) as QueueStatusData;

const reasons: PauseReason[] = [
  { id: 1, code: 'coffee', label: 'Coffee', status: 'BREAK', paid: true, maxDurationSeconds: 300 },
];
const base = {
  queues: [],
  agents: [],
  reasons,
  dependenciesDown: [],
  feedDown: false,
  nowMs: 1_000_000,
  thresholds: DEFAULT_THRESHOLDS,
};

describe('alarmsFrom', () => {
  it('raises a caller waiting past the threshold', () => {
    const alarms = alarmsFrom({ ...base, queues: [queue({ callersWaiting: 2, longestWaitSec: 75 })] });
    expect(alarms).toEqual([{ kind: 'long-wait', queue: 'sales', seconds: 75 }]);
  });

  it('raises a service level below target once the queue has handled calls', () => {
    expect(alarmsFrom({ ...base, queues: [queue({ serviceLevelPct: 40 })] })).toEqual([]);
    const alarms = alarmsFrom({ ...base, queues: [queue({ serviceLevelPct: 40, completed: 5 })] });
    expect(alarms.map(alarmKey)).toEqual(['low-service-level:sales']);
  });

  it("raises an agent paused longer than the reason's maximum", () => {
    const agent: AgentStatusView = {
      extension: '1001',
      status: 'BREAK',
      previousStatus: 'ONLINE',
      reason: 'coffee',
      statusChangedAt: new Date(1_000_000 - 400_000).toISOString(),
      nextStatus: null,
      source: 'manual',
      nextReason: null,
      wrapUpEndsAt: null,
      userId: null,
    };
    expect(alarmsFrom({ ...base, agents: [agent] })).toEqual([
      { kind: 'pause-overrun', extension: '1001', status: 'BREAK', reason: 'coffee', seconds: 100 },
    ]);
  });

  it('puts a dead feed and a dependency down first', () => {
    const alarms = alarmsFrom({
      ...base,
      dependenciesDown: ['redis'],
      feedDown: true,
      queues: [queue({ callersWaiting: 1, longestWaitSec: 99 })],
    });
    expect(alarms.map(alarmKey)).toEqual(['feed-down', 'dependency-down:redis', 'long-wait:sales']);
  });
});
