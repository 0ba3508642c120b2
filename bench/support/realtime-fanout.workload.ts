// The realtime fan-out benchmark's workload, deterministic so the client process can tell, for every
// message it receives, which changes it covers and when each was due, without being told.
import type { LiveRoom, LiveStatusChange, OperatorStatusData, QueueStatusData } from '@cc/contracts';

export const QUEUES = Array.from({ length: 10 }, (_, i) => `q${i + 1}`);
export const AGENTS_PER_QUEUE = 30;
export const CHANGES_PER_SECOND = 500;
export const TICK_MS = 10;
export const CHANGES_PER_TICK = (CHANGES_PER_SECOND * TICK_MS) / 1000;

/** Entity key as both processes spell it. */
export const entityKey = (kind: 'operator' | 'queue', id: string): string => `${kind}:${id}`;

const operatorId = (queue: string, n: number) => `${queue}:PJSIP/${1000 + QUEUES.indexOf(queue) * 100 + n}`;

/**
 * Change i (0-based; version i + 1) as planned: each AMI happening a dashboard sees changes a member
 * (status, pause, in call) and its queue's aggregates, so changes alternate member, queue, member,
 * queue... The ten queues are the hot entities; the 300 members change about once a second each.
 */
export function plannedChange(i: number): { kind: 'operator' | 'queue'; id: string; queue: string } {
  const happening = Math.floor(i / 2);
  // A fixed pseudo-random walk over members: deterministic, spread evenly.
  const member = (happening * 7919) % (QUEUES.length * AGENTS_PER_QUEUE);
  const queue = QUEUES[member % QUEUES.length];
  if (i % 2 === 1) return { kind: 'queue', id: queue, queue };
  return { kind: 'operator', id: operatorId(queue, Math.floor(member / QUEUES.length)), queue };
}

/** When change i is due, relative to the start of the run. */
export const plannedAtMs = (i: number): number => Math.floor(i / CHANGES_PER_TICK) * TICK_MS;

export function operatorValue(id: string, queue: string, version: number, at: string): OperatorStatusData {
  const iface = id.slice(queue.length + 1);
  return {
    id,
    name: `Agent ${iface.slice(6)}`,
    interface: iface,
    queue,
    status: version % 3 === 0 ? 'INUSE' : 'NOT_INUSE',
    paused: version % 5 === 0,
    pausedReason: version % 5 === 0 ? 'Break' : '',
    inCall: version % 3 === 0,
    currentCall: null,
    lastCallAt: null,
    callsTaken: version,
    penalty: 0,
    membership: 'static',
    updatedAt: at,
  };
}

export function queueValue(name: string, version: number, at: string): QueueStatusData {
  return {
    name,
    strategy: 'rrmemory',
    totalMembers: AGENTS_PER_QUEUE,
    available: version % AGENTS_PER_QUEUE,
    busy: AGENTS_PER_QUEUE - (version % AGENTS_PER_QUEUE),
    paused: version % 4,
    unavailable: 0,
    callersWaiting: version % 6,
    longestWaitSec: version % 90,
    completed: version,
    abandoned: Math.floor(version / 20),
    serviceLevelPct: 80 + (version % 20),
    callers: [],
    oldestCallerJoinedAt: null,
    updatedAt: at,
  };
}

/** The live change for planned change i, stamped with the time it is actually sent. */
export function liveChange(i: number, at: string): LiveStatusChange {
  const planned = plannedChange(i);
  const version = i + 1;
  return planned.kind === 'operator'
    ? {
        kind: 'operator',
        op: 'upsert',
        id: planned.id,
        version,
        value: operatorValue(planned.id, planned.queue, version, at),
      }
    : { kind: 'queue', op: 'upsert', id: planned.id, version, value: queueValue(planned.id, version, at) };
}

/** The state before the run: every member idle, every queue empty. */
export function baseState(at: string): { operators: OperatorStatusData[]; queues: QueueStatusData[] } {
  return {
    operators: QUEUES.flatMap((queue) =>
      Array.from({ length: AGENTS_PER_QUEUE }, (_, n) => operatorValue(operatorId(queue, n), queue, 0, at)),
    ),
    queues: QUEUES.map((queue) => queueValue(queue, 0, at)),
  };
}

/** The room a benchmark client watches: one in ten supervisors on `live`, the rest on one queue each. */
export function roomOfClient(n: number): LiveRoom {
  return n % 10 === 0 ? 'live' : `queue:${QUEUES[Math.floor(n / 10) % QUEUES.length]}`;
}

/** For each entity, the versions of the run's changes to it, ascending. */
export function versionsByEntity(total: number): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (let i = 0; i < total; i++) {
    const { kind, id } = plannedChange(i);
    const key = entityKey(kind, id);
    const list = map.get(key) ?? [];
    list.push(i + 1);
    map.set(key, list);
  }
  return map;
}
