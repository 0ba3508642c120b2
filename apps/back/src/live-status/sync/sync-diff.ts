import type { SyncDifference, SyncStatus } from '@cc/contracts';
import type { SyncMember, SyncQueue, SyncView } from './sync-view';

type Against = SyncDifference['against'];

// The member fields an administrator can fix in configuration; live fields (status, calls) are not compared.
const COMPARED_MEMBER_FIELDS = ['name', 'penalty', 'paused', 'pausedReason'] as const;

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function queueFieldDiffs(postgres: SyncQueue, other: SyncQueue): Record<string, [unknown, unknown]> {
  // A side that does not know the strategy yet (null) is not contradicting Postgres.
  if (other.strategy === null || other.strategy === postgres.strategy) return {};
  return { strategy: [postgres.strategy, other.strategy] };
}

function memberFieldDiffs(postgres: SyncMember, other: SyncMember): Record<string, [unknown, unknown]> {
  const fields: Record<string, [unknown, unknown]> = {};
  for (const field of COMPARED_MEMBER_FIELDS) {
    if (postgres[field] !== other[field]) fields[field] = [postgres[field], other[field]];
  }
  return fields;
}

function diffEntities<T>(
  entity: SyncDifference['entity'],
  against: Against,
  postgres: readonly T[],
  other: readonly T[],
  key: (item: T) => string,
  fieldDiffs: (postgres: T, other: T) => Record<string, [unknown, unknown]>,
): SyncDifference[] {
  const differences: SyncDifference[] = [];
  const otherByKey = byKey(other, key);
  const postgresByKey = byKey(postgres, key);
  for (const [id, expected] of postgresByKey) {
    const found = otherByKey.get(id);
    if (!found) {
      differences.push({ entity, id, kind: 'missing', against });
      continue;
    }
    const fields = fieldDiffs(expected, found);
    if (Object.keys(fields).length > 0) differences.push({ entity, id, kind: 'different', against, fields });
  }
  for (const id of otherByKey.keys()) {
    if (!postgresByKey.has(id)) differences.push({ entity, id, kind: 'extra', against });
  }
  return differences;
}

/**
 * Compares one side with Postgres, the source of truth for configuration: queues and members that the
 * side lacks (`missing`), holds beyond Postgres (`extra`), or holds with other configuration (`different`).
 */
export function diffSyncViews(postgres: SyncView, other: SyncView, against: Against): SyncDifference[] {
  return [
    ...diffEntities('queue', against, postgres.queues, other.queues, (q) => q.name, queueFieldDiffs),
    ...diffEntities('member', against, postgres.members, other.members, (m) => m.id, memberFieldDiffs),
  ].sort(compareDifferences);
}

const ENTITY_ORDER: Record<SyncDifference['entity'], number> = { queue: 0, member: 1 };
const AGAINST_ORDER: Record<Against, number> = { redis: 0, asterisk: 1 };

function compareDifferences(a: SyncDifference, b: SyncDifference): number {
  return (
    AGAINST_ORDER[a.against] - AGAINST_ORDER[b.against] ||
    ENTITY_ORDER[a.entity] - ENTITY_ORDER[b.entity] ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export interface SyncStatusInput {
  checkedAt: Date;
  postgres: SyncView;
  /** Null when Redis could not be read. */
  redis: SyncView | null;
  /** Null when Asterisk could not be asked. */
  asterisk: SyncView | null;
}

/**
 * `inSync` means every side answered and none differs from Postgres: an unreachable side is unknown,
 * and unknown is not "in sync".
 */
export function buildSyncStatus(input: SyncStatusInput): SyncStatus {
  const { postgres, redis, asterisk } = input;
  const differences = [
    ...(redis ? diffSyncViews(postgres, redis, 'redis') : []),
    ...(asterisk ? diffSyncViews(postgres, asterisk, 'asterisk') : []),
  ];
  return {
    checkedAt: input.checkedAt.toISOString(),
    inSync: redis !== null && asterisk !== null && differences.length === 0,
    postgres: countsOf(postgres),
    redis: { ...countsOf(redis), available: redis !== null },
    asterisk: { ...countsOf(asterisk), available: asterisk !== null },
    differences,
  };
}

function countsOf(view: SyncView | null): { queues: number; members: number } {
  return { queues: view?.queues.length ?? 0, members: view?.members.length ?? 0 };
}
