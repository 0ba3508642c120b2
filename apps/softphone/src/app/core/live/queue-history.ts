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

/** One queue's history as chart lines: a value per sample time, `null` before the queue appeared. */
export interface HistoryLine {
  queue: string;
  waiting: (number | null)[];
  serviceLevelPct: (number | null)[];
}

export interface HistorySeries {
  /** Sample times, oldest first, once each. */
  times: number[];
  lines: HistoryLine[];
}

/**
 * The history as chart lines, in one pass for every chart: at the full window (180 samples of every
 * queue) a lookup per point would be quadratic, and it runs on the main thread every sample.
 */
export function historySeries(history: readonly QueueSample[]): HistorySeries {
  const slot = new Map<number, number>();
  for (const sample of history) if (!slot.has(sample.at)) slot.set(sample.at, slot.size);
  const none = (): (number | null)[] => new Array<number | null>(slot.size).fill(null);
  const lines = new Map<string, HistoryLine>();
  for (const sample of history) {
    let line = lines.get(sample.queue);
    if (!line) {
      line = { queue: sample.queue, waiting: none(), serviceLevelPct: none() };
      lines.set(sample.queue, line);
    }
    const at = slot.get(sample.at) ?? 0;
    line.waiting[at] ??= sample.waiting;
    line.serviceLevelPct[at] ??= sample.serviceLevelPct;
  }
  return { times: [...slot.keys()], lines: [...lines.values()] };
}
