import type { LiveStatusSnapshot } from '@cc/contracts';
import type { LiveRoomState } from '@cc/realtime-client';
import type { TestApp } from '../../../support/test-app';

export interface ComparableLiveState {
  operators: unknown[];
  channels: unknown[];
  queues: unknown[];
}

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

/** What a client's live room holds, sorted for comparison. */
export function clientState(state: LiveRoomState): ComparableLiveState {
  return {
    operators: [...state.operators.values()].sort(byKey((o) => o.id)),
    channels: [...state.channels.values()].sort(byKey((c) => c.id)),
    queues: [...state.queues.values()].sort(byKey((q) => q.name)),
  };
}

async function snapshotOf(t: TestApp, token: string): Promise<LiveStatusSnapshot> {
  const res = await t.http.get('/api/queue-status/snapshot').set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`GET /api/queue-status/snapshot answered ${res.status}`);
  return res.body as LiveStatusSnapshot;
}

/** Where `GET /api/queue-status/snapshot` reads from now: 'redis', or 'db' while Redis is judged down. */
export async function snapshotSource(t: TestApp, token: string): Promise<LiveStatusSnapshot['source']> {
  return (await snapshotOf(t, token)).source;
}

/** The live state in Redis as `GET /api/queue-status/snapshot` serves it, sorted the same way. */
export async function redisState(
  t: TestApp,
  token: string,
  queue: string | null = null,
): Promise<ComparableLiveState> {
  const snapshot = await snapshotOf(t, token);
  if (snapshot.source !== 'redis') throw new Error(`snapshot came from ${snapshot.source}, not Redis`);
  const inQueue = (name: string | null) => queue === null || name === queue;
  return {
    operators: snapshot.operators.filter((o) => inQueue(o.queue)).sort(byKey((o) => o.id)),
    channels: snapshot.channels.filter((c) => inQueue(c.queue)).sort(byKey((c) => c.id)),
    queues: snapshot.queues.filter((q) => inQueue(q.name)).sort(byKey((q) => q.name)),
  };
}

/** A one-line account of how two states differ (counts, then the first differing entity). */
export function describeDifference(actual: ComparableLiveState, expected: ComparableLiveState): string {
  for (const kind of ['operators', 'channels', 'queues'] as const) {
    if (actual[kind].length !== expected[kind].length)
      return `${kind}: ${actual[kind].length} on the client, ${expected[kind].length} in Redis`;
    const i = actual[kind].findIndex((item, n) => JSON.stringify(item) !== JSON.stringify(expected[kind][n]));
    if (i >= 0)
      return `${kind}[${i}]: client ${JSON.stringify(actual[kind][i])} vs Redis ${JSON.stringify(expected[kind][i])}`;
  }
  return 'equal';
}
