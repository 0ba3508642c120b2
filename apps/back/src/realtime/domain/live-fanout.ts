import type {
  ChannelStatusData,
  LiveEntityKind,
  LiveRoom,
  LiveRoomSnapshot,
  LiveStatusChange,
  LiveStreamPosition,
  OperatorStatusData,
  QueueStatusData,
  ServerEventName,
  ServerEventPayload,
} from '@cc/contracts';

/** The whole live state a rebuild hands over (the `live.state.rebuilt` payload minus its bookkeeping). */
export interface LiveStateBase {
  operators: readonly OperatorStatusData[];
  channels: readonly ChannelStatusData[];
  queues: readonly QueueStatusData[];
}

type LiveMessageEvent =
  | 'operator:updated'
  | 'queue:updated'
  | 'channel:updated'
  | 'operator:removed'
  | 'queue:removed'
  | 'channel:removed';

/** One message to broadcast to one room, already sequenced. */
export type LiveOutgoing = {
  [K in LiveMessageEvent]: { room: LiveRoom; event: K; payload: ServerEventPayload<K> };
}[LiveMessageEvent];

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

const UPDATED_EVENT = {
  operator: 'operator:updated',
  queue: 'queue:updated',
  channel: 'channel:updated',
} as const satisfies Record<LiveEntityKind, ServerEventName>;
const REMOVED_EVENT = {
  operator: 'operator:removed',
  queue: 'queue:removed',
  channel: 'channel:removed',
} as const satisfies Record<LiveEntityKind, ServerEventName>;

/**
 * The live state as the gateway publishes it, on the instance that ingests AMI: a mirror (the last
 * rebuild plus every change published since), a coalescer and one sequence per room.
 *
 * Coalescing is a per-entity throttle: an entity that has not been published for `coalesceMs` goes
 * out on the next flush (a quiet dashboard sees a change at once); one published less than
 * `coalesceMs` ago waits until its window ends and only its latest value goes out. So a burst costs
 * each entity at most one message per window, and an idle one costs no delay.
 *
 * The mirror moves only when a flush publishes, so `snapshot(room)` is exactly the state after message
 * `seq` of that room: a client that applies the later messages of its room reaches the mirror's state.
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

  constructor(private readonly coalesceMs: number) {}

  get epoch(): number {
    return this.epochValue;
  }

  /** Changes absorbed by a later value of the same entity before they were published. */
  get coalesced(): number {
    return this.coalescedCount;
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

  /** Queues changes; true when some are publishable now (the caller flushes on the next tick). */
  enqueue(changes: readonly LiveStatusChange[], nowMs: number): boolean {
    let publishable = false;
    for (const change of changes) {
      const key = keyOf(change.kind, change.id);
      if (this.pending.has(key)) this.coalescedCount++;
      // Delete first so the map keeps publishing order by latest change.
      this.pending.delete(key);
      this.pending.set(key, change);
      const last = this.lastPublishedAt.get(key);
      if (last === undefined || nowMs - last >= this.coalesceMs) publishable = true;
    }
    return publishable;
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

  /** Publishes every change whose window has ended: applies it to the mirror and sequences its messages. */
  flush(nowMs: number): LiveOutgoing[] {
    const out: LiveOutgoing[] = [];
    for (const [key, change] of this.pending) {
      const last = this.lastPublishedAt.get(key);
      if (last !== undefined && nowMs - last < this.coalesceMs) continue;
      this.pending.delete(key);
      this.lastPublishedAt.set(key, nowMs);
      this.publish(change, out);
    }
    // Forget entities idle for a whole window: they are publishable at once anyway.
    if (this.lastPublishedAt.size > 4 * (this.operators.size + this.channels.size + this.queues.size + 64)) {
      for (const [key, at] of this.lastPublishedAt) {
        if (nowMs - at >= this.coalesceMs) this.lastPublishedAt.delete(key);
      }
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

  /** Every room's current position (rooms that have had a message in this epoch, and `live`). */
  positions(): LiveStreamPosition[] {
    const rooms = new Set<LiveRoom>(['live', ...this.seqByRoom.keys()]);
    return [...rooms].map((room) => ({ room, epoch: this.epochValue, seq: this.seqByRoom.get(room) ?? 0 }));
  }

  private nextSeq(room: LiveRoom): number {
    const seq = (this.seqByRoom.get(room) ?? 0) + 1;
    this.seqByRoom.set(room, seq);
    return seq;
  }

  private publish(change: LiveStatusChange, out: LiveOutgoing[]): void {
    const store = this.storeOf(change.kind);
    const previous = store.get(change.id);
    const previousQueue = previous ? queueOf(change.kind, previous) : null;
    if (change.op === 'remove') {
      if (!previous) return;
      store.delete(change.id);
      this.removal(change, 'live', out);
      if (previousQueue !== null) this.removal(change, `queue:${previousQueue}`, out);
      return;
    }
    store.set(change.id, change.value);
    const queue = queueOf(change.kind, change.value);
    this.update(change, 'live', out);
    if (queue !== null) this.update(change, `queue:${queue}`, out);
    // A channel that leaves a queue (answered, hung up in another context) leaves that queue's room.
    if (previousQueue !== null && previousQueue !== queue)
      this.removal(change, `queue:${previousQueue}`, out);
  }

  private update(change: LiveStatusChange & { op: 'upsert' }, room: LiveRoom, out: LiveOutgoing[]): void {
    const position = { room, epoch: this.epochValue, seq: this.nextSeq(room), version: change.version };
    switch (change.kind) {
      case 'operator':
        out.push({ room, event: UPDATED_EVENT.operator, payload: { ...position, operator: change.value } });
        return;
      case 'queue':
        out.push({ room, event: UPDATED_EVENT.queue, payload: { ...position, queue: change.value } });
        return;
      case 'channel':
        out.push({ room, event: UPDATED_EVENT.channel, payload: { ...position, channel: change.value } });
        return;
    }
  }

  private removal(change: LiveStatusChange, room: LiveRoom, out: LiveOutgoing[]): void {
    out.push({
      room,
      event: REMOVED_EVENT[change.kind],
      payload: {
        room,
        epoch: this.epochValue,
        seq: this.nextSeq(room),
        version: change.version,
        kind: change.kind,
        id: change.id,
      },
    });
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
