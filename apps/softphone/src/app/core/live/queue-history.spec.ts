import type { QueueStatusData } from '@cc/contracts';
import { appendSample, HISTORY_WINDOW_MS, historySeries } from './queue-history';

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

describe('historySeries', () => {
  it('gives one line per queue with a value per sample time, null before a queue appeared', () => {
    let history = appendSample([], [queue('sales', 3, 80)], 1000);
    history = appendSample(history, [queue('sales', 4, 70), queue('support', 1, 100)], 2000);
    history = appendSample(history, [queue('sales', 0, 90), queue('support', 2, 95)], 3000);

    expect(historySeries(history)).toEqual({
      times: [1000, 2000, 3000],
      lines: [
        { queue: 'sales', waiting: [3, 4, 0], serviceLevelPct: [80, 70, 90] },
        { queue: 'support', waiting: [null, 1, 2], serviceLevelPct: [null, 100, 95] },
      ],
    });
  });

  it('has no lines and no times for an empty history', () => {
    expect(historySeries([])).toEqual({ times: [], lines: [] });
  });
});
