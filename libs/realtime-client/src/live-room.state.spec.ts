import type { LiveBatchMessage, LiveRoomSnapshot, OperatorStatusData } from '@cc/contracts';
import { LiveRoomState } from './live-room.state';

function operator(id: string, callsTaken: number): OperatorStatusData {
  return {
    id,
    name: id,
    interface: `PJSIP/${id}`,
    queue: 'sales',
    status: 'NOT_INUSE',
    paused: false,
    pausedReason: '',
    inCall: false,
    currentCall: null,
    lastCallAt: null,
    callsTaken,
    penalty: 0,
    membership: 'static',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
}

const snapshot = (seq: number, operators: OperatorStatusData[], epoch = 7): LiveRoomSnapshot => ({
  room: 'live',
  epoch,
  seq,
  operators,
  channels: [],
  queues: [],
  takenAt: '2026-12-01T00:00:00.000Z',
});

const batch = (seq: number, changes: LiveBatchMessage['changes'], epoch = 7): LiveBatchMessage => ({
  room: 'live',
  epoch,
  seq,
  changes,
});

const updated = (seq: number, value: OperatorStatusData, epoch = 7): LiveBatchMessage =>
  batch(seq, [{ event: 'operator:updated', version: seq, operator: value }], epoch);

describe('a live room on the client', () => {
  it('buffers batches until the snapshot, drops those it covers and applies the rest', () => {
    const state = new LiveRoomState('live');
    expect(state.apply(updated(4, operator('a', 4)))).toBe('buffered');
    expect(state.apply(updated(5, operator('a', 5)))).toBe('buffered');
    expect(state.apply(updated(6, operator('b', 6)))).toBe('buffered');
    expect(state.loadSnapshot(snapshot(5, [operator('a', 5)]))).toBe('applied');
    expect(state.at).toEqual({ room: 'live', epoch: 7, seq: 6 });
    expect([...state.operators.values()].map((o) => [o.id, o.callsTaken])).toEqual([
      ['a', 5],
      ['b', 6],
    ]);
    expect(state.status).toBe('live');
  });

  it('asks for a resync on a hole, on a newer epoch, and when the server is ahead', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(10, []));
    expect(state.apply(updated(12, operator('a', 1)))).toBe('resync');
    expect(state.apply(updated(11, operator('a', 1), 8))).toBe('resync');
    expect(state.checkPosition({ room: 'live', epoch: 8, seq: 0 })).toBe('resync');
    expect(state.checkPosition({ room: 'live', epoch: 7, seq: 11 })).toBe('resync');
    expect(state.checkPosition({ room: 'live', epoch: 7, seq: 10 })).toBe('stale');
    expect(state.apply(updated(11, operator('a', 1)))).toBe('applied');
    expect(state.apply(updated(11, operator('a', 1)))).toBe('stale');
  });

  it('ignores batches and positions of an older epoch: a former publisher that has not heard it was deposed', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(3, [operator('a', 3)]));
    expect(state.apply(updated(4, operator('a', 99), 6))).toBe('stale');
    expect(state.checkPosition({ room: 'live', epoch: 6, seq: 50 })).toBe('stale');
    expect(state.operators.get('a')?.callsTaken).toBe(3);
  });

  it('resyncs when a buffered batch after the snapshot leaves a hole', () => {
    const state = new LiveRoomState('live');
    state.apply(updated(9, operator('a', 9)));
    expect(state.loadSnapshot(snapshot(7, []))).toBe('resync');
    expect(state.status).toBe('resyncing');
  });

  it('removes entities and ignores other rooms', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(1, [operator('a', 1)]));
    const other: LiveBatchMessage = {
      room: 'queue:sales',
      epoch: 7,
      seq: 2,
      changes: [{ event: 'operator:updated', version: 2, operator: operator('x', 1) }],
    };
    expect(state.apply(other)).toBe('stale');
    expect(
      state.apply(batch(2, [{ event: 'operator:removed', version: 2, kind: 'operator', id: 'a' }])),
    ).toBe('applied');
    expect(state.operators.size).toBe(0);
  });

  it('applies every change of a batch, in order, as one step of the sequence', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(1, [operator('a', 1)]));
    expect(
      state.apply(
        batch(2, [
          { event: 'operator:updated', version: 5, operator: operator('b', 5) },
          { event: 'operator:removed', version: 6, kind: 'operator', id: 'a' },
          { event: 'operator:updated', version: 7, operator: operator('a', 7) },
        ]),
      ),
    ).toBe('applied');
    expect(state.at).toEqual({ room: 'live', epoch: 7, seq: 2 });
    expect([...state.operators.values()].map((o) => [o.id, o.callsTaken])).toEqual([
      ['b', 5],
      ['a', 7],
    ]);
    expect(state.apply(updated(4, operator('a', 9)))).toBe('resync');
  });

  it('merges a patch into the entity it holds, and resyncs on a patch for one it does not hold', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(1, [operator('a', 1)]));
    expect(
      state.apply(
        batch(2, [
          { event: 'operator:updated', version: 2, id: 'a', patch: { callsTaken: 2, paused: true } },
        ]),
      ),
    ).toBe('applied');
    expect(state.operators.get('a')).toEqual({ ...operator('a', 2), paused: true });
    expect(
      state.apply(batch(3, [{ event: 'operator:updated', version: 3, id: 'zz', patch: { callsTaken: 3 } }])),
    ).toBe('resync');
  });
});
