import type { MemberStatus, OperatorStatusData, QueueCallerData, QueueStatusData } from '@cc/contracts';
import type { QueueRecord } from './live-status.types';

export interface QueueAggregates {
  totalMembers: number;
  available: number;
  busy: number;
  paused: number;
  unavailable: number;
  callersWaiting: number;
  longestWaitSec: number;
}

const OFFLINE: ReadonlySet<MemberStatus> = new Set<MemberStatus>(['UNAVAILABLE', 'INVALID']);
// Asterisk's member_status_available(): a member may be offered a call in these device states.
const IDLE: ReadonlySet<MemberStatus> = new Set<MemberStatus>(['NOT_INUSE', 'UNKNOWN']);

/**
 * Every member lands in exactly one bucket, first match wins: unavailable (UNAVAILABLE/INVALID,
 * paused or not), paused, available (idle and not in a call, as QueueSummary `Available`), busy.
 * So totalMembers = available + busy + paused + unavailable.
 */
export function aggregateQueue(
  members: Iterable<OperatorStatusData>,
  callers: Iterable<QueueCallerData>,
  now: Date,
): QueueAggregates {
  const result: QueueAggregates = {
    totalMembers: 0,
    available: 0,
    busy: 0,
    paused: 0,
    unavailable: 0,
    callersWaiting: 0,
    longestWaitSec: 0,
  };
  for (const m of members) {
    result.totalMembers++;
    if (OFFLINE.has(m.status)) result.unavailable++;
    else if (m.paused) result.paused++;
    else if (IDLE.has(m.status) && !m.inCall) result.available++;
    else result.busy++;
  }
  const nowMs = now.getTime();
  for (const c of callers) {
    result.callersWaiting++;
    const waited = Math.floor((nowMs - Date.parse(c.joinedAt)) / 1000);
    if (waited > result.longestWaitSec) result.longestWaitSec = waited;
  }
  return result;
}

/**
 * Share of answered calls whose hold time was within the queue's ServiceLevel, as Asterisk's
 * ServicelevelPerf (callscompletedinsl / callscompleted, one decimal). Taken from QueueParams
 * until an AgentComplete recounts it.
 */
export function serviceLevelPctOf(record: QueueRecord): number {
  if (record.serviceLevelPctFromParams !== null) return record.serviceLevelPctFromParams;
  if (record.completed <= 0) return 0;
  return Math.round((record.completedInServiceLevel / record.completed) * 1000) / 10;
}

export function queueStatusOf(
  record: QueueRecord,
  members: Iterable<OperatorStatusData>,
  now: Date,
  updatedAt: string,
): QueueStatusData {
  const callers = [...record.callers.values()].sort((a, b) => a.position - b.position);
  return {
    name: record.name,
    strategy: record.strategy,
    ...aggregateQueue(members, callers, now),
    completed: record.completed,
    abandoned: record.abandoned,
    serviceLevelPct: serviceLevelPctOf(record),
    callers,
    updatedAt,
  };
}

function sameCallers(
  a: readonly QueueCallerData[],
  b: readonly QueueCallerData[],
  compareJoin: boolean,
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.uniqueid !== y.uniqueid ||
      x.channel !== y.channel ||
      x.callerId !== y.callerId ||
      x.callerName !== y.callerName ||
      x.position !== y.position ||
      (compareJoin && x.joinedAt !== y.joinedAt)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Equality that decides whether a change is worth emitting. `updatedAt` and `longestWaitSec`
 * (which moves with the clock alone) are left out; `joinedAt` only with `compareJoin`, because a
 * rebuilt state can only estimate it from `Wait`.
 */
export function sameQueueStatus(a: QueueStatusData, b: QueueStatusData, compareJoin = true): boolean {
  return (
    a.name === b.name &&
    a.strategy === b.strategy &&
    a.totalMembers === b.totalMembers &&
    a.available === b.available &&
    a.busy === b.busy &&
    a.paused === b.paused &&
    a.unavailable === b.unavailable &&
    a.callersWaiting === b.callersWaiting &&
    a.completed === b.completed &&
    a.abandoned === b.abandoned &&
    a.serviceLevelPct === b.serviceLevelPct &&
    sameCallers(a.callers, b.callers, compareJoin)
  );
}
