import type { QueueStatusData } from '@cc/contracts';
import { appendSample, HISTORY_WINDOW_MS } from './queue-history';

const queue = (name: string, waiting: number, sl: number) =>
  ({ name, callersWaiting: waiting, serviceLevelPct: sl }) as QueueStatusData;

describe('appendSample', () => {
  it('records callers waiting and service level for every queue', () => {
    const history = appendSample([], [queue('sales', 3, 80), queue('support', 0, 100)], 1000);
    expect(history).toEqual([
      { at: 1000, queue: 'sales', waiting: 3, serviceLevelPct: 80 },
      { at: 1000, queue: 'support', waiting: 0, serviceLevelPct: 100 },
    ]);
  });

  it('forgets samples older than thirty minutes', () => {
    const old = appendSample([], [queue('sales', 1, 50)], 0);
    const next = appendSample(old, [queue('sales', 2, 60)], HISTORY_WINDOW_MS + 1);
    expect(next.map((s) => s.waiting)).toEqual([2]);
  });
});
