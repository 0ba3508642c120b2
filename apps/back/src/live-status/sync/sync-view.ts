import type { OperatorStatusData, QueueStatusData } from '@cc/contracts';

/** A queue as configuration sees it: the fields every side (Postgres, Redis, Asterisk) can state. */
export interface SyncQueue {
  name: string;
  /** Null when the side does not know it (e.g. Redis before the first QueueParams). */
  strategy: string | null;
}

/** A queue member reduced to its configuration fields, the ones worth comparing across sides. */
export interface SyncMember {
  /** memberId `{queue}:{interface}`. */
  id: string;
  queue: string;
  interface: string;
  name: string;
  penalty: number;
  paused: boolean;
  pausedReason: string;
}

/** What one side holds. */
export interface SyncView {
  queues: SyncQueue[];
  members: SyncMember[];
}

export function syncMemberOf(operator: OperatorStatusData): SyncMember {
  return {
    id: operator.id,
    queue: operator.queue,
    interface: operator.interface,
    name: operator.name,
    penalty: operator.penalty,
    paused: operator.paused,
    pausedReason: operator.pausedReason,
  };
}

export function syncViewOf(
  operators: readonly OperatorStatusData[],
  queues: readonly QueueStatusData[],
): SyncView {
  return {
    queues: queues.map((queue) => ({ name: queue.name, strategy: queue.strategy })),
    members: operators.map(syncMemberOf),
  };
}
