import type {
  LiveStatusFrame,
  LiveStatusListAnswer,
  LiveStatusLists,
  LiveStatusListSource,
} from '../domain/live-status.input';

/**
 * Turns the AMI event stream into live state without ever making Asterisk wait on us, and rebuilds
 * that state from Asterisk's own lists after every (re)connect.
 *
 * - `push()` is called from the socket read path for each event: it only appends to a queue.
 *   Processing starts in a microtask, once the read that delivered the event has been parsed, and
 *   goes on in chunks of `chunkSize` events, yielding to the event loop (setImmediate) between them.
 *   Writes to the store are asynchronous, so a slow store never stalls the socket. Draining each read
 *   as it is parsed, rather than once per loop turn, keeps frames from piling up while libuv reads
 *   several 64 KB chunks in one turn: under a flood that backlog outgrew one chunk per turn, and its
 *   frames lived long enough to be copied and promoted by the young-generation GC.
 * - Rebuild: AMI never replays missed events, so after a (re)connect or FullyBooted the state is
 *   replaced from QueueStatus, QueueSummary, CoreShowChannels, DeviceStateList and PJSIPShowContacts.
 *   Live events keep arriving meanwhile and are buffered. The moment QueueStatus's `Response:` line
 *   arrives is the cut: events before it are already reflected in the lists and are dropped; every
 *   event after it is applied, in order, on top of the fresh state. None is lost, none counted twice.
 * - Reconcile: the same lists, fetched back to back, are compared with our state as it was exactly at
 *   the QueueStatus answer's point in the stream (processing holds there); differences are fixed and
 *   counted as drift. Lists answered a moment later may be a little newer than that point: fixing
 *   towards them is harmless, because the held events that follow bring the same values.
 */

/** The pure state logic, behind a port so the ingestor can be tested with a fake. */
export interface LiveStateEngine<Change, Snapshot> {
  /**
   * Applies `events[from..to)` in order and appends what changed to `into`. A run is one unit: what
   * follows from all of it together (a queue's totals) may come once, at its end. An event the engine
   * could not apply is reported to `onError` and the run goes on.
   */
  apply(
    events: readonly LiveStatusFrame[],
    from: number,
    to: number,
    now: Date,
    into: Change[],
    onError: (event: LiveStatusFrame, error: unknown) => void,
  ): void;
  /** Replaces the whole state with the one the lists describe; returns its snapshot. */
  rebuild(lists: LiveStatusLists, now: Date): Snapshot;
  /** Compares the state with the one the lists describe, adopts the latter, returns the fixes. */
  reconcile(lists: LiveStatusLists, now: Date): Change[];
  /** True once an event (Shutdown, FullyBooted) says the state may have missed something. */
  readonly rebuildRequired: boolean;
}

export interface LiveStatusSink<Change, Snapshot> {
  /** Coalesced, asynchronous writes; must not throw. */
  write(changes: Change[]): void;
  replaceAll(snapshot: Snapshot): Promise<void>;
}

export interface IngestorObserver<Change, Snapshot> {
  changed?(changes: Change[]): void;
  /** `failedLists`: the list actions that failed; their part of the state is empty until a retry. */
  rebuilt?(snapshot: Snapshot, durationMs: number, failedLists: readonly string[]): void;
  drift?(fixes: number): void;
  /** The engine says its state can no longer be trusted (Shutdown, FullyBooted, Reload mid-session). */
  rebuildRequired?(): void;
  error?(message: string, error: unknown): void;
}

export interface IngestorOptions {
  /** Events processed per turn of the event loop before yielding back to the socket. */
  chunkSize: number;
  /** Events kept while a rebuild runs; beyond that the oldest are dropped and another rebuild follows. */
  maxBuffered: number;
  listTimeoutMs: number;
  now?: () => Date;
}

type Mode = 'idle' | 'rebuilding' | 'live';

const OTHER_LISTS: ReadonlyArray<[string, Exclude<keyof LiveStatusLists, 'queueStatus'>]> = [
  ['QueueSummary', 'queueSummary'],
  ['CoreShowChannels', 'coreShowChannels'],
  ['DeviceStateList', 'deviceStateList'],
  ['PJSIPShowContacts', 'pjsipShowContacts'],
];

export class LiveStatusIngestor<Change, Snapshot> {
  private queue: LiveStatusFrame[] = [];
  private head = 0;
  /** Count of events ever pushed; positions in the stream. */
  private pushedSeq = 0;
  private processedSeq = 0;
  /** Processing stops at this stream position while a reconcile compares state there. */
  private holdAtSeq: number | null = null;
  private mode: Mode = 'idle';
  private drainQueued = false;
  private nextChunkScheduled = false;
  private generation = 0;
  private dropped = 0;
  private readonly now: () => Date;

  constructor(
    private readonly engine: LiveStateEngine<Change, Snapshot>,
    private readonly sink: LiveStatusSink<Change, Snapshot>,
    private readonly observer: IngestorObserver<Change, Snapshot>,
    private readonly options: IngestorOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  get status(): { mode: Mode; buffered: number; processed: number; dropped: number } {
    return {
      mode: this.mode,
      buffered: this.queue.length - this.head,
      processed: this.processedSeq,
      dropped: this.dropped,
    };
  }

  /** Called for every live AMI event, synchronously, in wire order. */
  push(event: LiveStatusFrame): void {
    if (this.mode === 'idle') return;
    this.queue.push(event);
    this.pushedSeq++;
    if (this.mode === 'rebuilding' && this.queue.length - this.head > this.options.maxBuffered) {
      this.head++;
      this.processedSeq++;
      this.dropped++;
    }
    this.scheduleDrain();
  }

  /** Stop applying events (connection lost, leadership lost). Buffered events are discarded. */
  suspend(): void {
    this.generation++;
    this.mode = 'idle';
    this.resetQueue();
  }

  /**
   * Replaces the state from Asterisk's lists. Call after each login (and on FullyBooted).
   * Resolves false when a newer rebuild or a suspend superseded this one.
   */
  async rebuild(source: LiveStatusListSource): Promise<boolean> {
    const generation = ++this.generation;
    const startedAt = Date.now();
    this.mode = 'rebuilding';
    this.holdAtSeq = null;
    let cutSeq = this.pushedSeq;
    const { lists, failed } = await this.fetchLists(source, () => (cutSeq = this.pushedSeq));
    if (generation !== this.generation) return false;

    this.dropBefore(cutSeq);
    const snapshot = this.engine.rebuild(lists, this.now());
    await this.sink.replaceAll(snapshot);
    if (generation !== this.generation) return false;
    this.observer.rebuilt?.(snapshot, Date.now() - startedAt, failed);
    this.mode = 'live';
    this.drain();
    return true;
  }

  /** Compares the state with fresh lists at their point in the stream; returns the fixes made. */
  async reconcile(source: LiveStatusListSource): Promise<number> {
    if (this.mode !== 'live') return 0;
    const generation = this.generation;
    try {
      const { lists, failed } = await this.fetchLists(source, () => (this.holdAtSeq = this.pushedSeq));
      if (generation !== this.generation || this.mode !== 'live') return 0;
      // Comparing with a list that failed would report everything it holds as gone.
      if (failed.length > 0) throw new Error(`reconcile skipped: ${failed.join(', ')} failed`);
      // Bring the state exactly to the point where Asterisk answered QueueStatus, then compare.
      this.drainUpTo(this.holdAtSeq ?? this.pushedSeq);
      const fixes = this.engine.reconcile(lists, this.now());
      if (fixes.length > 0) {
        this.sink.write(fixes);
        this.observer.changed?.(fixes);
      }
      this.observer.drift?.(fixes.length);
      return fixes.length;
    } finally {
      this.holdAtSeq = null;
      this.scheduleDrain();
    }
  }

  /**
   * The five lists, sent back to back; `atQueueStatusAnswer` marks QueueStatus's point in the stream.
   * QueueStatus carries the queues and members and marks the cut, so without it there is no rebuild
   * (this throws). Any other list that fails is reported in `failed` and stands empty: one list cannot
   * sink the others, and the caller retries.
   */
  private async fetchLists(
    source: LiveStatusListSource,
    atQueueStatusAnswer: () => void,
  ): Promise<{ lists: LiveStatusLists; failed: string[] }> {
    const timeoutMs = this.options.listTimeoutMs;
    const answers = await Promise.allSettled([
      source.list('QueueStatus', { timeoutMs, onResponse: atQueueStatusAnswer }),
      ...OTHER_LISTS.map(([action]) => source.list(action, { timeoutMs })),
    ]);
    const failed: string[] = [];
    const itemsOf = (
      action: string,
      answer: PromiseSettledResult<LiveStatusListAnswer>,
    ): LiveStatusFrame[] => {
      if (answer.status === 'fulfilled' && answer.value.ok) return answer.value.items;
      failed.push(action);
      return [];
    };
    const [queueStatus, ...others] = answers;
    if (queueStatus.status === 'rejected') throw queueStatus.reason;
    if (!queueStatus.value.ok) throw new Error(`QueueStatus failed: ${queueStatus.value.message}`);
    const lists: LiveStatusLists = {
      queueStatus: queueStatus.value.items,
      queueSummary: [],
      coreShowChannels: [],
      deviceStateList: [],
      pjsipShowContacts: [],
    };
    OTHER_LISTS.forEach(([action, key], index) => (lists[key] = itemsOf(action, others[index])));
    return { lists, failed };
  }

  /** Right after the current read (or caller) finishes: see the class comment. */
  private scheduleDrain(): void {
    // Even with a later chunk already scheduled: each read's events are then drained with it, so
    // a backlog shrinks with every read instead of growing by what a loop turn reads over a chunk.
    if (this.drainQueued || this.mode !== 'live') return;
    this.drainQueued = true;
    queueMicrotask(() => {
      this.drainQueued = false;
      this.drain();
    });
  }

  /** The rest of a backlog over `chunkSize`: on a later turn, so sockets and timers get theirs. */
  private scheduleNextChunk(): void {
    if (this.nextChunkScheduled || this.mode !== 'live') return;
    this.nextChunkScheduled = true;
    setImmediate(() => {
      this.nextChunkScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    if (this.mode !== 'live') return;
    const limit = this.holdAtSeq ?? Number.POSITIVE_INFINITY;
    const target = Math.min(limit, this.processedSeq + this.options.chunkSize);
    this.drainUpTo(target);
    if (this.head < this.queue.length && this.processedSeq < limit) this.scheduleNextChunk();
  }

  private drainUpTo(targetSeq: number): void {
    const changes: Change[] = [];
    const from = this.head;
    const to = Math.min(this.queue.length, from + Math.max(0, targetSeq - this.processedSeq));
    if (to > from) {
      this.head = to;
      this.processedSeq += to - from;
      this.engine.apply(this.queue, from, to, this.now(), changes, this.reportFailure);
    }
    if (this.head === this.queue.length) this.resetQueue();
    else if (this.head > 65536) this.compact();
    if (changes.length > 0) {
      this.sink.write(changes);
      this.observer.changed?.(changes);
    }
    if (this.engine.rebuildRequired) this.observer.rebuildRequired?.();
  }

  // The reducer is total by design; this only keeps a bug in it from stopping the stream.
  private readonly reportFailure = (event: LiveStatusFrame, error: unknown): void =>
    this.observer.error?.(`event ${event['Event'] ?? '?'} could not be applied`, error);

  /** Drops buffered events that precede stream position `seq`. */
  private dropBefore(seq: number): void {
    const firstSeq = this.pushedSeq - (this.queue.length - this.head);
    const toDrop = Math.max(0, Math.min(seq - firstSeq, this.queue.length - this.head));
    this.head += toDrop;
    this.processedSeq = Math.max(this.processedSeq, firstSeq + toDrop);
    this.compact();
  }

  private compact(): void {
    this.queue = this.queue.slice(this.head);
    this.head = 0;
  }

  private resetQueue(): void {
    this.processedSeq = this.pushedSeq;
    this.queue = [];
    this.head = 0;
  }
}
