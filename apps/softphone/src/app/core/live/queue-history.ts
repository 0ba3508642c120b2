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
