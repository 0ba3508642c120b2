import { SimQueue } from './queue.types';

// app_queue's per-queue counters. Its averages weigh the newest call a quarter: recalc_holdtime and
// update_queue compute `((old << 2) - old + new) >> 2`. The simulator rounds instead of shifting and
// takes the first call as is where Asterisk starts from 0 (not covered by a transcript).

export const newQueueCounters = (): Pick<
  SimQueue,
  | 'completed'
  | 'abandoned'
  | 'completedInSl'
  | 'abandonedInSl'
  | 'holdtimeAvg'
  | 'talktimeAvg'
  | 'connectedCount'
> => ({
  completed: 0,
  abandoned: 0,
  completedInSl: 0,
  abandonedInSl: 0,
  holdtimeAvg: 0,
  talktimeAvg: 0,
  connectedCount: 0,
});

/** ServicelevelPerf: completed within the service level, per completed call. */
export const slPerf = (q: SimQueue): number => (q.completed > 0 ? (100 * q.completedInSl) / q.completed : 0);

/** ServicelevelPerf2: answered or abandoned within the service level, per completed or abandoned call. */
export const slPerf2 = (q: SimQueue): number => {
  const total = q.completed + q.abandoned;
  return total > 0 ? (100 * (q.completedInSl + q.abandonedInSl)) / total : 0;
};

export const countConnected = (q: SimQueue, holdSec: number): void => {
  q.holdtimeAvg = q.connectedCount === 0 ? holdSec : Math.round((q.holdtimeAvg * 3 + holdSec) / 4);
  q.connectedCount += 1;
};

export const countCompleted = (q: SimQueue, holdSec: number, talkSec: number): void => {
  q.completed += 1;
  if (holdSec <= q.config.serviceLevelSeconds) q.completedInSl += 1;
  q.talktimeAvg = q.completed === 1 ? talkSec : Math.round((q.talktimeAvg * 3 + talkSec) / 4);
};

export const countAbandoned = (q: SimQueue, holdSec: number): void => {
  q.abandoned += 1;
  if (holdSec <= q.config.serviceLevelSeconds) q.abandonedInSl += 1;
};
