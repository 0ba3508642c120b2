import type {
  ChannelStatusData,
  LiveBatchMessage,
  LiveEntityKind,
  LiveRoom,
  LiveRoomChange,
  LiveRoomSnapshot,
  LiveStatusChange,
  LiveStreamPosition,
  OperatorStatusData,
  QueueStatusData,
} from '@cc/contracts';

/** The whole live state a rebuild hands over (the `live.state.rebuilt` payload minus its bookkeeping). */
export interface LiveStateBase {
  operators: readonly OperatorStatusData[];
  channels: readonly ChannelStatusData[];
  queues: readonly QueueStatusData[];
}

/** One `live:batch` to broadcast to one room, already sequenced. */
export interface LiveOutgoing {
  room: LiveRoom;
  payload: LiveBatchMessage;
}

type Entity = OperatorStatusData | ChannelStatusData | QueueStatusData;

const keyOf = (kind: LiveEntityKind, id: string): string => `${kind}\u0000${id}`;

function queueOf(kind: LiveEntityKind, value: Entity): string | null {
  switch (kind) {
    case 'operator':
      return (value as OperatorStatusData).queue;
    case 'channel':
      return (value as ChannelStatusData).queue;
    case 'queue':
      return (value as QueueStatusData).name;
  }
}

const REMOVED_EVENT = {
  operator: 'operator:removed',
  queue: 'queue:removed',
  channel: 'channel:removed',
} as const satisfies Record<LiveEntityKind, LiveRoomChange['event']>;

/**
 * The live state as the gateway publishes it, on the instance that ingests AMI: a mirror (the last
 * rebuild plus every change published since), a coalescer and one sequence per room.
 *
 * Coalescing is a per-entity throttle: an entity that has not been published for `coalesceMs` goes
 * out on the next flush (a quiet dashboard sees a change at once); one published less than
 * `coalesceMs` ago waits until its window ends and only its latest value goes out. So a burst costs
 * each entity at most one change per window, and an idle one costs no delay.
 *
 * A flush sends each room one `live:batch` holding all of that room's changes, numbered by the room's
 * `seq`: a thousand sockets cost one encode per room and one write per socket per flush, however many
 * entities changed.
 *
 * The mirror moves only when a flush publishes, so `snapshot(room)` is exactly the state after batch
 * `seq` of that room: a client that applies the later batches of its room reaches the mirror's state.
 * Pure: the caller brings the clock and the timer.
 */
export class LiveFanout {
  private epochValue = 0;
  private readonly operators = new Map<string, OperatorStatusData>();
  private readonly channels = new Map<string, ChannelStatusData>();
  private readonly queues = new Map<string, QueueStatusData>();
  private readonly seqByRoom = new Map<LiveRoom, number>();
  private readonly pending = new Map<string, LiveStatusChange>();
  private readonly lastPublishedAt = new Map<string, number>();
  private coalescedCount = 0;
  private publishedCount = 0;

  constructor(private readonly coalesceMs: number) {}

  get epoch(): number {
    return this.epochValue;
  }

  /** Changes absorbed by a later value of the same entity before they were published. */
  get coalesced(): number {
    return this.coalescedCount;
  }

  /** Entity changes published (each counted once, whatever the number of rooms it went to). */
  get published(): number {
    return this.publishedCount;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Replaces the mirror and starts a new epoch (greater than the last one, and than `nowMs`, so an
   * instance that takes over later numbers its epochs after ours as long as clocks agree within the
   * lease TTL). Returns the rooms whose clients must refetch.
   */
  rebuild(base: LiveStateBase, nowMs: number): LiveRoom[] {
    const rooms = new Set<LiveRoom>(['live', ...this.seqByRoom.keys()]);
    for (const name of this.queues.keys()) rooms.add(`queue:${name}`);
    this.epochValue = Math.max(nowMs, this.epochValue + 1);
    this.operators.clear();
    this.channels.clear();
    this.queues.clear();
    for (const operator of base.operators) this.operators.set(operator.id, operator);
    for (const channel of base.channels) this.channels.set(channel.id, channel);
    for (const queue of base.queues) {
      this.queues.set(queue.name, queue);
      rooms.add(`queue:${queue.name}`);
    }
    this.seqByRoom.clear();
    this.pending.clear();
    this.lastPublishedAt.clear();
    return [...rooms];
  }

  /**
   * Queues changes; returns the earliest time one of them may be published (`nowMs` when one may go
   * out at once), so the caller can schedule a flush then.
   */
  enqueue(changes: readonly LiveStatusChange[], nowMs: number): number {
    let dueAt = Number.POSITIVE_INFINITY;
    for (const change of changes) {
      const key = keyOf(change.kind, change.id);
      if (this.pending.has(key)) this.coalescedCount++;
      // Delete first so the map keeps publishing order by latest change.
      this.pending.delete(key);
      this.pending.set(key, change);
      const last = this.lastPublishedAt.get(key);
      dueAt = Math.min(dueAt, last === undefined ? nowMs : Math.max(nowMs, last + this.coalesceMs));
    }
    return dueAt;
  }

  /** When the next held change becomes publishable, or null when nothing is held. */
  nextDueAt(): number | null {
    let due: number | null = null;
    for (const key of this.pending.keys()) {
      const at = (this.lastPublishedAt.get(key) ?? 0) + this.coalesceMs;
      if (due === null || at < due) due = at;
    }
    return due;
  }

  /**
   * Publishes every change whose window has ended by `nowMs`: applies it to the mirror and returns one
   * sequenced batch per room that has changes.
   */
  flush(nowMs: number): LiveOutgoing[] {
    const byRoom = new Map<LiveRoom, LiveRoomChange[]>();
    for (const [key, change] of this.pending) {
      const last = this.lastPublishedAt.get(key);
      if (last !== undefined && nowMs - last < this.coalesceMs) continue;
      this.pending.delete(key);
      this.lastPublishedAt.set(key, nowMs);
      this.publish(change, byRoom);
    }
    // Forget entities idle for a whole window: they are publishable at once anyway.
    if (this.lastPublishedAt.size > 4 * (this.operators.size + this.channels.size + this.queues.size + 64)) {
      for (const [key, at] of this.lastPublishedAt) {
        if (nowMs - at >= this.coalesceMs) this.lastPublishedAt.delete(key);
      }
    }
    const out: LiveOutgoing[] = [];
    for (const [room, changes] of byRoom) {
      out.push({ room, payload: { room, epoch: this.epochValue, seq: this.nextSeq(room), changes } });
    }
    return out;
  }

  /** The published state of a room and the seq it reflects. */
  snapshot(room: LiveRoom, takenAt: string): LiveRoomSnapshot {
    const queue = room === 'live' ? null : room.slice('queue:'.length);
    const inRoom = <T extends Entity>(kind: LiveEntityKind, values: Iterable<T>): T[] => {
      const list: T[] = [];
      for (const value of values) if (queue === null || queueOf(kind, value) === queue) list.push(value);
      return list;
    };
    return {
      room,
      epoch: this.epochValue,
      seq: this.seqByRoom.get(room) ?? 0,
      operators: inRoom('operator', this.operators.values()),
      channels: inRoom('channel', this.channels.values()),
      queues: inRoom('queue', this.queues.values()),
      takenAt,
    };
  }

  /** Every room's current position (rooms that have had a batch in this epoch, and `live`). */
  positions(): LiveStreamPosition[] {
    const rooms = new Set<LiveRoom>(['live', ...this.seqByRoom.keys()]);
    return [...rooms].map((room) => ({ room, epoch: this.epochValue, seq: this.seqByRoom.get(room) ?? 0 }));
  }

  private nextSeq(room: LiveRoom): number {
    const seq = (this.seqByRoom.get(room) ?? 0) + 1;
    this.seqByRoom.set(room, seq);
    return seq;
  }

  private publish(change: LiveStatusChange, byRoom: Map<LiveRoom, LiveRoomChange[]>): void {
    const add = (room: LiveRoom, roomChange: LiveRoomChange) => {
      const list = byRoom.get(room);
      if (list) list.push(roomChange);
      else byRoom.set(room, [roomChange]);
    };
    const store = this.storeOf(change.kind);
    const previous = store.get(change.id);
    const previousQueue = previous ? queueOf(change.kind, previous) : null;
    if (change.op === 'remove') {
      if (!previous) return;
      this.publishedCount++;
      store.delete(change.id);
      const removal = removalOf(change);
      add('live', removal);
      if (previousQueue !== null) add(`queue:${previousQueue}`, removal);
      return;
    }
    this.publishedCount++;
    store.set(change.id, change.value);
    const queue = queueOf(change.kind, change.value);
    const update = updateOf(change);
    add('live', update);
    if (queue !== null) add(`queue:${queue}`, update);
    // A channel that leaves a queue (answered, hung up in another context) leaves that queue's room.
    if (previousQueue !== null && previousQueue !== queue) add(`queue:${previousQueue}`, removalOf(change));
  }

  private storeOf(kind: LiveEntityKind): Map<string, Entity> {
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

function updateOf(change: LiveStatusChange & { op: 'upsert' }): LiveRoomChange {
  switch (change.kind) {
    case 'operator':
      return { event: 'operator:updated', version: change.version, operator: change.value };
    case 'queue':
      return { event: 'queue:updated', version: change.version, queue: change.value };
    case 'channel':
      return { event: 'channel:updated', version: change.version, channel: change.value };
  }
}

function removalOf(change: LiveStatusChange): LiveRoomChange {
  return { event: REMOVED_EVENT[change.kind], version: change.version, kind: change.kind, id: change.id };
}
