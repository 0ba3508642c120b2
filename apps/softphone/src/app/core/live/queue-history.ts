import type { QueueStatusData } from '@cc/contracts';

export interface QueueSample {
  at: number;
  queue: string;
  waiting: number;
  serviceLevelPct: number;
}

export const HISTORY_WINDOW_MS = 30 * 60_000;

/** Adds one sample per queue and forgets samples older than the 30-minute window the charts show. */
export function appendSample(
  history: readonly QueueSample[],
  queues: readonly QueueStatusData[],
  at: number,
): QueueSample[] {
  const kept = history.filter((sample) => at - sample.at <= HISTORY_WINDOW_MS);
  for (const queue of queues) {
    kept.push({
      at,
      queue: queue.name,
      waiting: queue.callersWaiting,
      serviceLevelPct: queue.serviceLevelPct,
    });
  }
  return kept;
}

export interface HistorySeries {
  /** Sample times, oldest first, once each. */
  times: number[];
  /** One line per queue, a value per time: `null` where the queue had no sample (it appeared later). */
  lines: { queue: string; values: (number | null)[] }[];
}

/**
 * The history as chart lines, in one pass: at the full window (180 samples of every queue) a lookup per
 * point would be quadratic, and it runs on the main thread every sample.
 */
export function historySeries(
  history: readonly QueueSample[],
  field: 'waiting' | 'serviceLevelPct',
): HistorySeries {
  const slot = new Map<number, number>();
  for (const sample of history) if (!slot.has(sample.at)) slot.set(sample.at, slot.size);
  const lines = new Map<string, (number | null)[]>();
  for (const sample of history) {
    let values = lines.get(sample.queue);
    if (!values) {
      values = new Array<number | null>(slot.size).fill(null);
      lines.set(sample.queue, values);
    }
    const at = slot.get(sample.at) ?? 0;
    values[at] ??= sample[field];
  }
  return {
    times: [...slot.keys()],
    lines: [...lines].map(([queue, values]) => ({ queue, values })),
  };
}
