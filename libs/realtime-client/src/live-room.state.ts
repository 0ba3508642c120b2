import type {
  ChannelStatusData,
  LiveBatchMessage,
  LiveEntityKind,
  LiveRoom,
  LiveRoomChange,
  LiveRoomSnapshot,
  LiveStreamPosition,
  OperatorStatusData,
  QueueStatusData,
} from '@cc/contracts';

/**
 * What became of a batch or position: `applied`; `stale` (already in the snapshot, or from an older
 * epoch: dropped); `buffered` (no snapshot yet); `resync` (a hole, another epoch, or a position ahead
 * of us: the caller must fetch a fresh snapshot, and keeps feeding batches meanwhile).
 */
export type LiveRoomVerdict = 'applied' | 'stale' | 'buffered' | 'resync';

export type LiveRoomStatus = 'loading' | 'live' | 'resyncing';

// Bounds memory while a snapshot is on its way; past it we resync anyway.
const MAX_BUFFERED = 10_000;

/**
 * The state of one live room on the client, kept gapless: batches that arrive before the snapshot
 * wait in a buffer, those the snapshot already covers are dropped, and anything that does not follow
 * the last applied seq of the same epoch asks for a resync. A batch is applied whole, in order.
 * Pure, no socket: the client feeds it.
 */
export class LiveRoomState {
  readonly operators = new Map<string, OperatorStatusData>();
  readonly channels = new Map<string, ChannelStatusData>();
  readonly queues = new Map<string, QueueStatusData>();
  private position: LiveStreamPosition | null = null;
  private buffer: LiveBatchMessage[] = [];
  private statusValue: LiveRoomStatus = 'loading';

  constructor(readonly room: LiveRoom) {}

  get status(): LiveRoomStatus {
    return this.statusValue;
  }

  /** Epoch and seq of the last applied batch (or of the snapshot); null before the first snapshot. */
  get at(): LiveStreamPosition | null {
    return this.position;
  }

  /** Stops applying batches until the next snapshot; they are buffered instead. */
  markResyncing(): void {
    this.statusValue = this.position === null ? 'loading' : 'resyncing';
    this.buffer = [];
    this.position = null;
  }

  /** Replaces the state with a snapshot, then applies the buffered batches that follow it. */
  loadSnapshot(snapshot: LiveRoomSnapshot): LiveRoomVerdict {
    this.operators.clear();
    this.channels.clear();
    this.queues.clear();
    for (const operator of snapshot.operators) this.operators.set(operator.id, operator);
    for (const channel of snapshot.channels) this.channels.set(channel.id, channel);
    for (const queue of snapshot.queues) this.queues.set(queue.name, queue);
    this.position = { room: snapshot.room, epoch: snapshot.epoch, seq: snapshot.seq };
    this.statusValue = 'live';
    const buffered = this.buffer;
    this.buffer = [];
    for (const batch of buffered) {
      if (this.apply(batch) === 'resync') {
        this.markResyncing();
        return 'resync';
      }
    }
    return 'applied';
  }

  apply(batch: LiveBatchMessage): LiveRoomVerdict {
    if (batch.room !== this.room) return 'stale';
    if (this.position === null) {
      if (this.buffer.length >= MAX_BUFFERED) return 'resync';
      this.buffer.push(batch);
      return 'buffered';
    }
    const { epoch, seq } = batch;
    // Epochs only grow: an older one is a former publisher still talking, a newer one a restart.
    if (epoch < this.position.epoch) return 'stale';
    if (epoch > this.position.epoch) return 'resync';
    if (seq <= this.position.seq) return 'stale';
    if (seq !== this.position.seq + 1) return 'resync';
    this.position = { ...this.position, seq };
    for (const change of batch.changes) {
      // A patch for an entity we do not hold: our state is not the server's; start again from a snapshot.
      if (!this.applyChange(change)) return 'resync';
    }
    return 'applied';
  }

  /** A position the server announced (`live:reset`, `live:position`): are we behind or elsewhere? */
  checkPosition(position: LiveStreamPosition): LiveRoomVerdict {
    if (position.room !== this.room) return 'stale';
    if (this.position === null) return 'buffered';
    if (position.epoch < this.position.epoch) return 'stale';
    if (position.epoch > this.position.epoch || position.seq > this.position.seq) return 'resync';
    return 'stale';
  }

  /** False when the change patches an entity this state does not hold. */
  private applyChange(change: LiveRoomChange): boolean {
    switch (change.event) {
      case 'operator:updated':
        return 'patch' in change
          ? patchInto(this.operators, change.id, change.patch)
          : setIn(this.operators, change.operator.id, change.operator);
      case 'queue:updated':
        return 'patch' in change
          ? patchInto(this.queues, change.id, change.patch)
          : setIn(this.queues, change.queue.name, change.queue);
      case 'channel:updated':
        return 'patch' in change
          ? patchInto(this.channels, change.id, change.patch)
          : setIn(this.channels, change.channel.id, change.channel);
      default:
        this.storeOf(change.kind).delete(change.id);
        return true;
    }
  }

  private storeOf(kind: LiveEntityKind): Map<string, unknown> {
    switch (kind) {
      case 'operator':
        return this.operators;
      case 'channel':
        return this.channels;
      case 'queue':
        return this.queues;
    }
  }
}

function setIn<T>(store: Map<string, T>, id: string, value: T): true {
  store.set(id, value);
  return true;
}

function patchInto<T extends object>(store: Map<string, T>, id: string, patch: Partial<T>): boolean {
  const held = store.get(id);
  if (held === undefined) return false;
  store.set(id, { ...held, ...patch });
  return true;
}
