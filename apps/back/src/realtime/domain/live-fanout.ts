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
import { FlushSchedule } from './flush-schedule';

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

// Spreads the rooms' flush phases evenly over the interval, however many rooms there are.
const GOLDEN_FRACTION = 0.6180339887498949;

/** A change as one room sees it: the entity's new value there, or its departure (value null). */
type RoomChange = { id: string; version: number } & (
  | { kind: 'operator'; value: OperatorStatusData | null }
  | { kind: 'channel'; value: ChannelStatusData | null }
  | { kind: 'queue'; value: QueueStatusData | null }
);

/** One room's stream: its published state (what its snapshot shows), sequence, coalescer and clock. */
interface RoomStream {
  room: LiveRoom;
  seq: number;
  readonly operators: Map<string, OperatorStatusData>;
  readonly channels: Map<string, ChannelStatusData>;
  readonly queues: Map<string, QueueStatusData>;
  readonly pending: Map<string, RoomChange>;
  readonly lastPublishedAt: Map<string, number>;
  readonly schedule: FlushSchedule;
  /** When this room flushes next; infinite while nothing is pending. */
  slot: number;
}

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
 * The live state as the gateway publishes it, on the instance that ingests AMI: one stream per live
 * room (`live`, `queue:{name}`), each with its published state, its sequence and its coalescer.
 *
 * Coalescing is a per-entity throttle in each room: an entity that has not been published there for
 * `coalesceMs` goes out on the room's next flush; one published less than `coalesceMs` ago waits until
 * its window ends and only its latest value goes out. A flush sends the room one `live:batch` holding
 * all its publishable changes, numbered by the room's `seq`; in a burst a room flushes at most once per
 * flush interval (see FlushSchedule), so a socket costs one write per interval however many entities
 * change, and rooms flush at different phases of the interval so that no flush writes to every socket.
 *
 * A room's published state moves only when the room flushes, so `snapshot(room)` is exactly the state
 * after batch `seq` of that room: a client that applies the later batches reaches it.
 * Pure: the caller brings the clock and the timer.
 */
export class LiveFanout {
  private epochValue = 0;
  private readonly intervalMs: number;
  private readonly streams = new Map<LiveRoom, RoomStream>();
  /** The queue of every entity as of the latest change (published or not), to route the next one. */
  private readonly queueByKey = new Map<string, string | null>();
  private coalescedCount = 0;
  private publishedCount = 0;

  constructor(
    private readonly coalesceMs: number,
    flushMs: number = coalesceMs,
  ) {
    this.intervalMs = FlushSchedule.interval(flushMs, coalesceMs);
  }

  get epoch(): number {
    return this.epochValue;
  }

  /** Room changes absorbed by a later value of the same entity before they were published. */
  get coalesced(): number {
    return this.coalescedCount;
  }

  /** Room changes published. */
  get published(): number {
    return this.publishedCount;
  }

  /**
   * Replaces the published state of every room and starts a new epoch (greater than the last one,
   * and than `nowMs`, so an instance that takes over later numbers its epochs after ours as long as
   * clocks agree within the lease TTL). Returns the rooms whose clients must refetch.
   */
  rebuild(base: LiveStateBase, nowMs: number): LiveRoom[] {
    const rooms = new Set<LiveRoom>(['live', ...this.streams.keys()]);
    this.epochValue = Math.max(nowMs, this.epochValue + 1);
    this.streams.clear();
    this.queueByKey.clear();
    this.stream('live');
    const seed = (kind: LiveEntityKind, id: string, value: Entity) => {
      const queue = queueOf(kind, value);
      this.queueByKey.set(keyOf(kind, id), queue);
      setValue(this.stream('live'), kind, id, value);
      if (queue !== null) setValue(this.stream(`queue:${queue}`), kind, id, value);
    };
    for (const queue of base.queues) seed('queue', queue.name, queue);
    for (const operator of base.operators) seed('operator', operator.id, operator);
    for (const channel of base.channels) seed('channel', channel.id, channel);
    for (const room of this.streams.keys()) rooms.add(room);
    return [...rooms];
  }

  /**
   * Queues changes for the rooms they concern; returns when the next flush is due (`nowMs` when one
   * may go out at once; infinite when nothing is pending).
   */
  enqueue(changes: readonly LiveStatusChange[], nowMs: number): number {
    for (const change of changes) {
      const key = keyOf(change.kind, change.id);
      const previousQueue = this.queueByKey.get(key) ?? null;
      const departure = { kind: change.kind, id: change.id, version: change.version, value: null };
      if (change.op === 'remove') {
        this.queueByKey.delete(key);
        this.route('live', key, departure, nowMs);
        if (previousQueue !== null) this.route(`queue:${previousQueue}`, key, departure, nowMs);
        continue;
      }
      const queue = queueOf(change.kind, change.value);
      this.queueByKey.set(key, queue);
      const update = roomChangeOf(change);
      this.route('live', key, update, nowMs);
      if (queue !== null) this.route(`queue:${queue}`, key, update, nowMs);
      // A channel that leaves a queue (answered, hung up in another context) leaves that queue's room.
      if (previousQueue !== null && previousQueue !== queue)
        this.route(`queue:${previousQueue}`, key, departure, nowMs);
    }
    return this.nextFlushAt() ?? Number.POSITIVE_INFINITY;
  }

  /** When the next room flush is due, or null when nothing is pending. */
  nextFlushAt(): number | null {
    let next = Number.POSITIVE_INFINITY;
    for (const stream of this.streams.values()) if (stream.slot < next) next = stream.slot;
    return Number.isFinite(next) ? next : null;
  }

  /**
   * Flushes every room whose slot has come by `nowMs`: publishes its changes whose window has ended
   * and returns one sequenced batch per room that has any.
   */
  flush(nowMs: number): LiveOutgoing[] {
    const out: LiveOutgoing[] = [];
    for (const stream of this.streams.values()) {
      if (stream.slot > nowMs) continue;
      const at = stream.schedule.fire(stream.slot, nowMs);
      const changes = this.publish(stream, at);
      if (changes.length > 0) {
        stream.seq++;
        out.push({
          room: stream.room,
          payload: { room: stream.room, epoch: this.epochValue, seq: stream.seq, changes },
        });
      }
      stream.slot = this.slotOf(stream, nowMs);
    }
    return out;
  }

  /** The published state of a room and the seq it reflects. */
  snapshot(room: LiveRoom, takenAt: string): LiveRoomSnapshot {
    const stream = this.streams.get(room);
    return {
      room,
      epoch: this.epochValue,
      seq: stream?.seq ?? 0,
      operators: stream ? [...stream.operators.values()] : [],
      channels: stream ? [...stream.channels.values()] : [],
      queues: stream ? [...stream.queues.values()] : [],
      takenAt,
    };
  }

  /** Every room's current position (rooms that have a stream in this epoch, and `live`). */
  positions(): LiveStreamPosition[] {
    const rooms = new Set<LiveRoom>(['live', ...this.streams.keys()]);
    return [...rooms].map((room) => ({
      room,
      epoch: this.epochValue,
      seq: this.streams.get(room)?.seq ?? 0,
    }));
  }

  private stream(room: LiveRoom): RoomStream {
    let stream = this.streams.get(room);
    if (!stream) {
      const phase = ((this.streams.size * GOLDEN_FRACTION) % 1) * this.intervalMs;
      stream = {
        room,
        seq: 0,
        operators: new Map(),
        channels: new Map(),
        queues: new Map(),
        pending: new Map(),
        lastPublishedAt: new Map(),
        schedule: new FlushSchedule(this.intervalMs, phase),
        slot: Number.POSITIVE_INFINITY,
      };
      this.streams.set(room, stream);
    }
    return stream;
  }

  private route(room: LiveRoom, key: string, change: RoomChange, nowMs: number): void {
    const stream = this.stream(room);
    if (stream.pending.has(key)) this.coalescedCount++;
    // Delete first so the map keeps publishing order by latest change.
    stream.pending.delete(key);
    stream.pending.set(key, change);
    const last = stream.lastPublishedAt.get(key);
    const dueAt = last === undefined ? nowMs : Math.max(nowMs, last + this.coalesceMs);
    const slot = stream.schedule.slotFor(dueAt, nowMs, !Number.isFinite(stream.slot));
    if (slot < stream.slot) stream.slot = slot;
  }

  /** Publishes the room's changes whose window has ended by `at` into its state; returns them. */
  private publish(stream: RoomStream, at: number): LiveRoomChange[] {
    const changes: LiveRoomChange[] = [];
    for (const [key, change] of stream.pending) {
      const last = stream.lastPublishedAt.get(key);
      if (last !== undefined && at - last < this.coalesceMs) continue;
      stream.pending.delete(key);
      stream.lastPublishedAt.set(key, at);
      const roomChange = applyChange(stream, change);
      if (roomChange) {
        changes.push(roomChange);
        this.publishedCount++;
      }
    }
    // Forget entities idle for a whole window: they are publishable at once anyway.
    const entities = stream.operators.size + stream.channels.size + stream.queues.size;
    if (stream.lastPublishedAt.size > 4 * (entities + 64)) {
      for (const [key, when] of stream.lastPublishedAt) {
        if (at - when >= this.coalesceMs) stream.lastPublishedAt.delete(key);
      }
    }
    return changes;
  }

  /** The room's next slot for what is still pending after a flush. */
  private slotOf(stream: RoomStream, nowMs: number): number {
    let dueAt = Number.POSITIVE_INFINITY;
    for (const key of stream.pending.keys()) {
      const last = stream.lastPublishedAt.get(key);
      const due = last === undefined ? nowMs : last + this.coalesceMs;
      if (due < dueAt) dueAt = due;
    }
    return Number.isFinite(dueAt) ? stream.schedule.slotFor(dueAt, nowMs, false) : Number.POSITIVE_INFINITY;
  }
}

function storeOf(stream: RoomStream, kind: LiveEntityKind): Map<string, Entity> {
  switch (kind) {
    case 'operator':
      return stream.operators;
    case 'channel':
      return stream.channels;
    case 'queue':
      return stream.queues;
  }
}

function setValue(stream: RoomStream, kind: LiveEntityKind, id: string, value: Entity): void {
  storeOf(stream, kind).set(id, value);
}

function roomChangeOf(change: LiveStatusChange & { op: 'upsert' }): RoomChange {
  switch (change.kind) {
    case 'operator':
      return { kind: 'operator', id: change.id, version: change.version, value: change.value };
    case 'channel':
      return { kind: 'channel', id: change.id, version: change.version, value: change.value };
    case 'queue':
      return { kind: 'queue', id: change.id, version: change.version, value: change.value };
  }
}

/**
 * The fields of `next` that differ from `previous`, or null when `next` lacks a field `previous` has
 * (a merge would keep it: the whole value must go).
 */
export function changedFields<T extends object>(previous: T, next: T): Partial<T> | null {
  const patch: Partial<T> = {};
  for (const field of Object.keys(previous) as (keyof T)[]) {
    if (!(field in next)) return null;
  }
  for (const field of Object.keys(next) as (keyof T)[]) {
    // Objects and arrays compare by reference: an equal copy is sent again, never a stale one kept.
    if (previous[field] !== next[field]) patch[field] = next[field];
  }
  return patch;
}

/** Stores `value` as the room's published one: the fields that changed since the last, or null with none before. */
function publish<T extends object>(published: Map<string, T>, id: string, value: T): Partial<T> | null {
  const previous = published.get(id);
  published.set(id, value);
  return previous ? changedFields(previous, value) : null;
}

/** Applies a change to the room's published state; the message for it, or null when it changes nothing. */
function applyChange(stream: RoomStream, change: RoomChange): LiveRoomChange | null {
  const { id, version } = change;
  if (change.value === null) {
    // Leaving a room it was never published in (moved in and out between two flushes): nothing to say.
    if (!storeOf(stream, change.kind).delete(id)) return null;
    return { event: REMOVED_EVENT[change.kind], version, kind: change.kind, id };
  }
  // The room's clients hold what the room published last: only the fields that changed need to go.
  switch (change.kind) {
    case 'operator': {
      const patch = publish(stream.operators, id, change.value);
      return patch
        ? { event: 'operator:updated', version, id, patch }
        : { event: 'operator:updated', version, operator: change.value };
    }
    case 'queue': {
      const patch = publish(stream.queues, id, change.value);
      return patch
        ? { event: 'queue:updated', version, id, patch }
        : { event: 'queue:updated', version, queue: change.value };
    }
    case 'channel': {
      const patch = publish(stream.channels, id, change.value);
      return patch
        ? { event: 'channel:updated', version, id, patch }
        : { event: 'channel:updated', version, channel: change.value };
    }
  }
}
