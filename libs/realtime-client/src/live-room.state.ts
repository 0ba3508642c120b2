import type {
  ChannelStatusData,
  ChannelUpdatedMessage,
  EntityRemovedMessage,
  LiveRoom,
  LiveRoomSnapshot,
  LiveStreamPosition,
  OperatorStatusData,
  OperatorUpdatedMessage,
  QueueStatusData,
  QueueUpdatedMessage,
} from '@cc/contracts';

/** A sequenced message of a live room, tagged with the event it came in. */
export type LiveRoomMessage =
  | { event: 'operator:updated'; payload: OperatorUpdatedMessage }
  | { event: 'queue:updated'; payload: QueueUpdatedMessage }
  | { event: 'channel:updated'; payload: ChannelUpdatedMessage }
  | { event: 'operator:removed' | 'queue:removed' | 'channel:removed'; payload: EntityRemovedMessage };

/**
 * What became of a message or position: applied; `stale` (already in the snapshot, dropped);
 * `buffered` (no snapshot yet); `resync` (a hole, another epoch, or a position ahead of us: the
 * caller must fetch a fresh snapshot, and keeps feeding messages meanwhile).
 */
export type LiveRoomVerdict = 'applied' | 'stale' | 'buffered' | 'resync';

export type LiveRoomStatus = 'loading' | 'live' | 'resyncing';

// Bounds memory while a snapshot is on its way; past it we resync anyway.
const MAX_BUFFERED = 50_000;

/**
 * The state of one live room on the client, kept gapless: messages that arrive before the snapshot
 * wait in a buffer, those the snapshot already covers are dropped, and anything that does not follow
 * the last applied seq of the same epoch asks for a resync. Pure, no socket: the client feeds it.
 */
export class LiveRoomState {
  readonly operators = new Map<string, OperatorStatusData>();
  readonly channels = new Map<string, ChannelStatusData>();
  readonly queues = new Map<string, QueueStatusData>();
  private position: LiveStreamPosition | null = null;
  private buffer: LiveRoomMessage[] = [];
  private statusValue: LiveRoomStatus = 'loading';

  constructor(readonly room: LiveRoom) {}

  get status(): LiveRoomStatus {
    return this.statusValue;
  }

  /** Epoch and seq of the last applied message (or of the snapshot); null before the first snapshot. */
  get at(): LiveStreamPosition | null {
    return this.position;
  }

  /** Stops applying messages until the next snapshot; they are buffered instead. */
  markResyncing(): void {
    this.statusValue = this.position === null ? 'loading' : 'resyncing';
    this.buffer = [];
    this.position = null;
  }

  /** Replaces the state with a snapshot, then applies the buffered messages that follow it. */
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
    for (const message of buffered) {
      if (this.apply(message) === 'resync') {
        this.markResyncing();
        return 'resync';
      }
    }
    return 'applied';
  }

  apply(message: LiveRoomMessage): LiveRoomVerdict {
    if (message.payload.room !== this.room) return 'stale';
    if (this.position === null) {
      if (this.buffer.length >= MAX_BUFFERED) return 'resync';
      this.buffer.push(message);
      return 'buffered';
    }
    const { epoch, seq } = message.payload;
    if (epoch !== this.position.epoch) return 'resync';
    if (seq <= this.position.seq) return 'stale';
    if (seq !== this.position.seq + 1) return 'resync';
    this.position = { ...this.position, seq };
    this.applyChange(message);
    return 'applied';
  }

  /** A position the server announced (`live:reset`, `live:position`): are we behind or elsewhere? */
  checkPosition(position: LiveStreamPosition): LiveRoomVerdict {
    if (position.room !== this.room) return 'stale';
    if (this.position === null) return 'buffered';
    if (position.epoch !== this.position.epoch || position.seq > this.position.seq) return 'resync';
    return 'stale';
  }

  private applyChange(message: LiveRoomMessage): void {
    switch (message.event) {
      case 'operator:updated':
        this.operators.set(message.payload.operator.id, message.payload.operator);
        return;
      case 'queue:updated':
        this.queues.set(message.payload.queue.name, message.payload.queue);
        return;
      case 'channel:updated':
        this.channels.set(message.payload.channel.id, message.payload.channel);
        return;
      default:
        this.storeOf(message.payload.kind).delete(message.payload.id);
    }
  }

  private storeOf(kind: EntityRemovedMessage['kind']): Map<string, unknown> {
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
