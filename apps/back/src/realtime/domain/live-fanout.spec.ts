import type { LiveRoom, LiveStatusChange } from '@cc/contracts';
import { LiveRoomState } from '@cc/realtime-client';
import { aChannel, anOperator, aQueueStatus } from '../../live-status/testing/live-status.builders';
import { changedFields, LiveFanout, type LiveOutgoing } from './live-fanout';

const WINDOW = 100;
const at = '2026-12-01T00:00:00.000Z';

function deliver(state: LiveRoomState, messages: readonly LiveOutgoing[]): string[] {
  return messages.filter((m) => m.room === state.room).map((m) => state.apply(m.payload));
}

function contentOf(state: {
  operators: Map<string, unknown>;
  channels: Map<string, unknown>;
  queues: Map<string, unknown>;
}) {
  const sorted = (map: Map<string, unknown>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    operators: sorted(state.operators),
    channels: sorted(state.channels),
    queues: sorted(state.queues),
  };
}

function snapshotContent(fanout: LiveFanout, room: LiveRoom) {
  const snap = fanout.snapshot(room, at);
  const state = new LiveRoomState(room);
  state.loadSnapshot(snap);
  return contentOf(state);
}

describe('live fan-out', () => {
  it('publishes a change to an idle entity at once and holds a second one until its window ends, latest wins', () => {
    const fanout = new LiveFanout(WINDOW);
    fanout.rebuild({ operators: [anOperator('sales', '1001')], channels: [], queues: [] }, 1_000);
    const change = (n: number): LiveStatusChange => ({
      kind: 'operator',
      op: 'upsert',
      id: 'sales:PJSIP/1001',
      version: n,
      value: anOperator('sales', '1001', { callsTaken: n }),
    });
    expect(fanout.enqueue([change(1)], 1_000)).toBe(1_000);
    const first = fanout.flush(1_000);
    expect(first.map((m) => [m.room, m.payload.seq, m.payload.changes.map((c) => c.event)])).toEqual([
      ['live', 1, ['operator:updated']],
      ['queue:sales', 1, ['operator:updated']],
    ]);
    // `live` flushes on slots …, 1_000, 1_100, …; `queue:sales` at another phase of the interval.
    expect(fanout.enqueue([change(2), change(3)], 1_010)).toBe(1_100);
    expect(fanout.flush(1_050)).toEqual([]);
    expect(fanout.nextFlushAt()).toBe(1_100);
    const second = fanout.flush(1_100);
    expect(second.map((m) => m.room)).toEqual(['live']);
    // The room holds the operator already: only what changed goes.
    expect(second[0].payload).toMatchObject({
      seq: 2,
      changes: [{ event: 'operator:updated', version: 3, id: 'sales:PJSIP/1001', patch: { callsTaken: 3 } }],
    });
    const queueSlot = fanout.nextFlushAt() ?? 0;
    expect(queueSlot).toBeGreaterThan(1_100);
    expect(queueSlot).toBeLessThan(1_200);
    expect(fanout.flush(queueSlot)).toEqual([
      {
        room: 'queue:sales',
        payload: expect.objectContaining({ seq: 2, changes: [expect.objectContaining({ version: 3 })] }),
      },
    ]);
    expect(fanout.coalesced).toBe(2);
    expect(fanout.published).toBe(4);
  });

  it('flushes a room at most once per flush interval in a burst, each room at its own phase', () => {
    const fanout = new LiveFanout(WINDOW, 25);
    fanout.rebuild(
      { operators: [], channels: [], queues: [aQueueStatus('sales'), aQueueStatus('support')] },
      0,
    );
    const flushes = new Map<string, number[]>();
    let version = 0;
    for (let now = 1_000; now < 2_000; now += 5) {
      const changes: LiveStatusChange[] = ['sales', 'support'].map((queue, i) => ({
        kind: 'operator',
        op: 'upsert',
        id: `${queue}:PJSIP/${1000 + (version % 50)}`,
        version: ++version,
        value: anOperator(queue, String(1000 + (version % 50)), { callsTaken: version + i }),
      }));
      fanout.enqueue(changes, now);
      for (const m of fanout.flush(now)) flushes.set(m.room, [...(flushes.get(m.room) ?? []), now]);
    }
    for (const times of flushes.values()) {
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(25);
      expect(times.length).toBeGreaterThan(30);
    }
    const phases = [...flushes.values()].map((times) => times[5] % 25);
    expect(new Set(phases).size).toBe(3);
  });

  it("sends each room one batch per flush with all of that room's changes, in order", () => {
    const fanout = new LiveFanout(WINDOW);
    fanout.rebuild(
      {
        operators: [anOperator('sales', '1001'), anOperator('support', '2001')],
        channels: [],
        queues: [aQueueStatus('sales'), aQueueStatus('support')],
      },
      1_000,
    );
    fanout.enqueue(
      [
        {
          kind: 'operator',
          op: 'upsert',
          id: 'sales:PJSIP/1001',
          version: 2,
          value: anOperator('sales', '1001', { callsTaken: 2 }),
        },
        { kind: 'queue', op: 'upsert', id: 'sales', version: 3, value: aQueueStatus('sales') },
        { kind: 'operator', op: 'remove', id: 'support:PJSIP/2001', version: 4 },
      ],
      2_000,
    );
    const out = fanout.flush(2_000);
    expect(
      out.map((m) => [m.room, m.payload.seq, m.payload.changes.map((c) => [c.event, c.version])]),
    ).toEqual([
      [
        'live',
        1,
        [
          ['operator:updated', 2],
          ['queue:updated', 3],
          ['operator:removed', 4],
        ],
      ],
      [
        'queue:sales',
        1,
        [
          ['operator:updated', 2],
          ['queue:updated', 3],
        ],
      ],
      ['queue:support', 1, [['operator:removed', 4]]],
    ]);
    expect(fanout.flush(2_000)).toEqual([]);
  });

  it('moves a channel out of a queue room when it leaves the queue', () => {
    const fanout = new LiveFanout(WINDOW);
    fanout.rebuild({ operators: [], channels: [aChannel('c1', { queue: 'sales' })], queues: [] }, 1_000);
    fanout.enqueue(
      [{ kind: 'channel', op: 'upsert', id: 'c1', version: 2, value: aChannel('c1', { queue: null }) }],
      2_000,
    );
    const out = fanout.flush(2_000);
    expect(out.map((m) => [m.room, m.payload.changes.map((c) => c.event)])).toEqual([
      ['live', ['channel:updated']],
      ['queue:sales', ['channel:removed']],
    ]);
    expect(fanout.snapshot('queue:sales', at).channels).toEqual([]);
  });

  it('starts a new, greater epoch on every rebuild and names the rooms to reset', () => {
    const fanout = new LiveFanout(WINDOW);
    fanout.rebuild({ operators: [], channels: [], queues: [aQueueStatus('sales')] }, 5_000);
    const first = fanout.epoch;
    const rooms = fanout.rebuild({ operators: [], channels: [], queues: [aQueueStatus('support')] }, 5_000);
    expect(fanout.epoch).toBeGreaterThan(first);
    expect(rooms.sort()).toEqual(['live', 'queue:sales', 'queue:support']);
    expect(fanout.snapshot('live', at).seq).toBe(0);
  });

  // The property the gateway relies on: whatever message a client's snapshot is taken after, applying
  // the room's later messages keeps it exactly at the publisher's state, in `live` and in a queue room.
  it('lets a client that joins at any point of a burst end with exactly the published state', () => {
    // mulberry32: a small seeded generator with well-mixed low bits (an LCG's alternate).
    let seed = 42;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    const queues = ['sales', 'support'];
    const fanout = new LiveFanout(WINDOW);
    fanout.rebuild(
      { operators: [anOperator('sales', '1001')], channels: [], queues: queues.map((q) => aQueueStatus(q)) },
      0,
    );
    const joiners: LiveRoomState[] = [];
    const emitted: LiveOutgoing[][] = [];
    let version = 0;
    for (let tick = 1; tick <= 400; tick++) {
      const now = tick * 7;
      const changes: LiveStatusChange[] = [];
      for (let i = 0; i < 5; i++) {
        version++;
        const queue = queues[random(2)];
        const pick = random(3);
        if (pick === 0) {
          const ext = String(1000 + random(6));
          changes.push({
            kind: 'operator',
            op: 'upsert',
            id: `${queue}:PJSIP/${ext}`,
            version,
            value: anOperator(queue, ext, { callsTaken: version }),
          });
        } else if (pick === 1) {
          const id = `c${random(8)}`;
          changes.push(
            random(4) === 0
              ? { kind: 'channel', op: 'remove', id, version }
              : {
                  kind: 'channel',
                  op: 'upsert',
                  id,
                  version,
                  value: aChannel(id, { queue: random(3) === 0 ? null : queue, duration: version }),
                },
          );
        } else {
          changes.push({
            kind: 'queue',
            op: 'upsert',
            id: queue,
            version,
            value: aQueueStatus(queue, { completed: version }),
          });
        }
      }
      fanout.enqueue(changes, now);
      const out = fanout.flush(now);
      emitted.push(out);
      for (const joiner of joiners) deliver(joiner, out);
      // Not only at the end: after every flush, every client holds exactly the published state.
      if (tick % 10 === 0) {
        for (const joiner of joiners) expect(contentOf(joiner)).toEqual(snapshotContent(fanout, joiner.room));
      }
      if (tick % 37 === 0) {
        // Joins: messages already in flight arrive before the snapshot, some of them older than it.
        for (const room of ['live', 'queue:sales'] as const) {
          const joiner = new LiveRoomState(room);
          deliver(joiner, emitted.at(-2) ?? []);
          deliver(joiner, out);
          joiner.loadSnapshot(fanout.snapshot(room, at));
          joiners.push(joiner);
        }
      }
    }
    const tail = fanout.flush(10_000);
    for (const joiner of joiners) {
      expect(deliver(joiner, tail)).not.toContain('resync');
      expect(joiner.status).toBe('live');
      expect(contentOf(joiner)).toEqual(snapshotContent(fanout, joiner.room));
    }
    expect(joiners).toHaveLength(20);
    expect(fanout.coalesced).toBeGreaterThan(0);
  });

  it('sends a whole value to a room that does not hold the entity, a patch of the changed fields otherwise', () => {
    const fanout = new LiveFanout(WINDOW);
    fanout.rebuild({ operators: [], channels: [aChannel('c1', { queue: 'sales' })], queues: [] }, 1_000);
    const moved = aChannel('c1', { queue: 'support' });
    fanout.enqueue([{ kind: 'channel', op: 'upsert', id: 'c1', version: 2, value: moved }], 2_000);
    const changes = new Map(fanout.flush(2_000).map((m) => [m.room, m.payload.changes]));
    expect(changes.get('live')).toEqual([
      { event: 'channel:updated', version: 2, id: 'c1', patch: { queue: 'support' } },
    ]);
    expect(changes.get('queue:support')).toEqual([{ event: 'channel:updated', version: 2, channel: moved }]);
    expect(changes.get('queue:sales')).toEqual([
      { event: 'channel:removed', version: 2, kind: 'channel', id: 'c1' },
    ]);
  });

  it('patches only fields both values have: a field the new value drops makes the whole value go', () => {
    expect(changedFields({ a: 1, b: 'x', c: null }, { a: 2, b: 'x', c: null })).toEqual({ a: 2 });
    expect(changedFields({ a: 1, b: 'x' }, { a: 1, b: 'x' })).toEqual({});
    expect(changedFields<{ a: number; b?: string }>({ a: 1, b: 'x' }, { a: 1 })).toBeNull();
  });
});
