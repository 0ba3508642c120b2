import type { MemberStatus, OperatorStatusData, QueueCallerData, QueueStatusData } from '@cc/contracts';
import type { MemberCounts, QueueRecord } from './live-status.types';

export interface QueueAggregates extends MemberCounts {
  totalMembers: number;
  callersWaiting: number;
  longestWaitSec: number;
  oldestCallerJoinedAt: string | null;
}

const OFFLINE: ReadonlySet<MemberStatus> = new Set<MemberStatus>(['UNAVAILABLE', 'INVALID']);
// Asterisk's member_status_available(): a member may be offered a call in these device states.
const IDLE: ReadonlySet<MemberStatus> = new Set<MemberStatus>(['NOT_INUSE', 'UNKNOWN']);

/**
 * Every member lands in exactly one bucket, first match wins: unavailable (UNAVAILABLE/INVALID,
 * paused or not), paused, available (idle and not in a call, as QueueSummary `Available`), busy.
 * So totalMembers = available + busy + paused + unavailable.
 */
export function memberBucketOf(member: OperatorStatusData): keyof MemberCounts {
  if (OFFLINE.has(member.status)) return 'unavailable';
  if (member.paused) return 'paused';
  if (IDLE.has(member.status) && !member.inCall) return 'available';
  return 'busy';
}

/** The aggregates counted from scratch; the reducer keeps the same counts incrementally (memberCounts). */
export function aggregateQueue(
  members: Iterable<OperatorStatusData>,
  callers: Iterable<QueueCallerData>,
  now: Date,
): QueueAggregates {
  const counts: MemberCounts = { available: 0, busy: 0, paused: 0, unavailable: 0 };
  for (const m of members) counts[memberBucketOf(m)]++;
  return withCallers(counts, callers, now);
}

function withCallers(counts: MemberCounts, callers: Iterable<QueueCallerData>, now: Date): QueueAggregates {
  const result: QueueAggregates = {
    totalMembers: counts.available + counts.busy + counts.paused + counts.unavailable,
    available: counts.available,
    busy: counts.busy,
    paused: counts.paused,
    unavailable: counts.unavailable,
    callersWaiting: 0,
    longestWaitSec: 0,
    oldestCallerJoinedAt: null,
  };
  const nowMs = now.getTime();
  let oldestMs = Number.POSITIVE_INFINITY;
  for (const c of callers) {
    result.callersWaiting++;
    const joinedMs = Date.parse(c.joinedAt);
    const waited = Math.floor((nowMs - joinedMs) / 1000);
    if (waited > result.longestWaitSec) result.longestWaitSec = waited;
    if (joinedMs < oldestMs) {
      oldestMs = joinedMs;
      result.oldestCallerJoinedAt = c.joinedAt;
    }
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

/** The queue entity from its record: member buckets from `memberCounts`, callers by position. */
export function queueStatusOf(record: QueueRecord, now: Date, updatedAt: string): QueueStatusData {
  const callers =
    record.callers.size === 0 ? [] : [...record.callers.values()].sort((a, b) => a.position - b.position);
  const aggregates = withCallers(record.memberCounts, callers, now);
  // Spelled out rather than spread: this runs for every event that touches a queue, and a spread in
  // the middle of a literal takes V8's slow generic path.
  return {
    name: record.name,
    strategy: record.strategy,
    totalMembers: aggregates.totalMembers,
    available: aggregates.available,
    busy: aggregates.busy,
    paused: aggregates.paused,
    unavailable: aggregates.unavailable,
    callersWaiting: aggregates.callersWaiting,
    longestWaitSec: aggregates.longestWaitSec,
    oldestCallerJoinedAt: aggregates.oldestCallerJoinedAt,
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
