import type { LiveRoomSnapshot, OperatorStatusData } from '@cc/contracts';
import { LiveRoomState, type LiveRoomMessage } from './live-room.state';

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

const updated = (seq: number, value: OperatorStatusData, epoch = 7): LiveRoomMessage => ({
  event: 'operator:updated',
  payload: { room: 'live', epoch, seq, version: seq, operator: value },
});

describe('a live room on the client', () => {
  it('buffers messages until the snapshot, drops those it covers and applies the rest', () => {
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

  it('asks for a resync on a hole, on another epoch, and when the server is ahead', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(10, []));
    expect(state.apply(updated(12, operator('a', 1)))).toBe('resync');
    expect(state.apply(updated(11, operator('a', 1), 8))).toBe('resync');
    expect(state.checkPosition({ room: 'live', epoch: 7, seq: 11 })).toBe('resync');
    expect(state.checkPosition({ room: 'live', epoch: 7, seq: 10 })).toBe('stale');
    expect(state.apply(updated(11, operator('a', 1)))).toBe('applied');
    expect(state.apply(updated(11, operator('a', 1)))).toBe('stale');
  });

  it('resyncs when a buffered message after the snapshot leaves a hole', () => {
    const state = new LiveRoomState('live');
    state.apply(updated(9, operator('a', 9)));
    expect(state.loadSnapshot(snapshot(7, []))).toBe('resync');
    expect(state.status).toBe('resyncing');
  });

  it('removes entities and ignores other rooms', () => {
    const state = new LiveRoomState('live');
    state.loadSnapshot(snapshot(1, [operator('a', 1)]));
    const other: LiveRoomMessage = {
      event: 'operator:updated',
      payload: { room: 'queue:sales', epoch: 7, seq: 2, version: 2, operator: operator('x', 1) },
    };
    expect(state.apply(other)).toBe('stale');
    expect(
      state.apply({
        event: 'operator:removed',
        payload: { room: 'live', epoch: 7, seq: 2, version: 2, kind: 'operator', id: 'a' },
      }),
    ).toBe('applied');
    expect(state.operators.size).toBe(0);
  });
});
