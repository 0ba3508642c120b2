import type { LiveStatusChange, OperatorStatusData, QueueStatusData } from '@cc/contracts';
import { UNVERSIONED } from '../domain/live-status.types';

/** Queues and members as Postgres configures them, already shaped as live entries (status UNKNOWN). */
export interface ConfiguredLiveState {
  operators: readonly OperatorStatusData[];
  queues: readonly QueueStatusData[];
}

/** What Redis holds now. */
export interface CurrentLiveState {
  operators: readonly OperatorStatusData[];
  queues: readonly QueueStatusData[];
}

/**
 * Start-up rule: Redis may already hold live data (written by the ingestion, or left by a previous run
 * within its TTL), and live data is always fresher than configuration. So only queues and members that
 * Redis lacks are written, from Postgres; an existing entry is never touched, and nothing is removed.
 */
export function planStartupSeed(
  configured: ConfiguredLiveState,
  current: CurrentLiveState,
): LiveStatusChange[] {
  const knownOperators = new Set(current.operators.map((operator) => operator.id));
  const knownQueues = new Set(current.queues.map((queue) => queue.name));
  return [
    ...configured.queues
      .filter((queue) => !knownQueues.has(queue.name))
      .map((queue): LiveStatusChange => ({
        kind: 'queue',
        op: 'upsert',
        version: UNVERSIONED,
        id: queue.name,
        value: queue,
      })),
    ...configured.operators
      .filter((operator) => !knownOperators.has(operator.id))
      .map((operator): LiveStatusChange => ({
        kind: 'operator',
        op: 'upsert',
        version: UNVERSIONED,
        id: operator.id,
        value: operator,
      })),
  ];
}

/**
 * Resync rule (an administrator asked Postgres to win): every configured queue and member is written,
 * configuration fields (member name, penalty, queue strategy) from Postgres, live fields (device status,
 * pause, calls, counters) kept from Redis where Redis has the entry; queues and members Redis holds beyond
 * Postgres are removed. The rebuild from Asterisk that follows then restores the live fields.
 */
export function planResync(
  configured: ConfiguredLiveState,
  current: CurrentLiveState,
  now: Date,
): LiveStatusChange[] {
  const updatedAt = now.toISOString();
  const currentOperators = new Map(current.operators.map((operator) => [operator.id, operator]));
  const currentQueues = new Map(current.queues.map((queue) => [queue.name, queue]));
  const configuredOperators = new Set(configured.operators.map((operator) => operator.id));
  const configuredQueues = new Set(configured.queues.map((queue) => queue.name));

  const writes: LiveStatusChange[] = [];
  for (const queue of configured.queues) {
    const live = currentQueues.get(queue.name);
    const value = live ? { ...live, strategy: queue.strategy, updatedAt } : { ...queue, updatedAt };
    writes.push({ kind: 'queue', op: 'upsert', version: UNVERSIONED, id: queue.name, value });
  }
  for (const operator of configured.operators) {
    const live = currentOperators.get(operator.id);
    const value = live
      ? { ...live, name: operator.name, penalty: operator.penalty, updatedAt }
      : { ...operator, updatedAt };
    writes.push({ kind: 'operator', op: 'upsert', version: UNVERSIONED, id: operator.id, value });
  }
  for (const operator of current.operators) {
    if (!configuredOperators.has(operator.id)) {
      writes.push({ kind: 'operator', op: 'remove', version: UNVERSIONED, id: operator.id });
    }
  }
  for (const queue of current.queues) {
    if (!configuredQueues.has(queue.name))
      writes.push({ kind: 'queue', op: 'remove', version: UNVERSIONED, id: queue.name });
  }
  return writes;
}
