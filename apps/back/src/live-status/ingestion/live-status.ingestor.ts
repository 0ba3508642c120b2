import type { AmiActionResult, AmiMessage, AmiOutgoingFields } from '@cc/ami';

/**
 * Turns the AMI event stream into live state without ever making Asterisk wait on us, and rebuilds
 * that state from Asterisk's own lists after every (re)connect.
 *
 * - `push()` is called from the socket read path for each event: it only appends to a queue.
 *   Processing happens later, in chunks, off that path (setImmediate), so a slow store never stalls
 *   the socket.
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

export interface AmiActionLink {
  action(
    fields: AmiOutgoingFields,
    options?: { timeoutMs?: number; onResponse?: (response: AmiMessage) => void },
  ): Promise<AmiActionResult>;
}

export interface RebuildLists {
  queueStatus: AmiMessage[];
  queueSummary: AmiMessage[];
  coreShowChannels: AmiMessage[];
  deviceStateList: AmiMessage[];
  pjsipShowContacts: AmiMessage[];
}

/** The pure state logic, behind a port so the ingestor can be tested with a fake. */
export interface LiveStateEngine<Change, Snapshot> {
  apply(event: AmiMessage, now: Date): Change[];
  /** Replaces the whole state with the one the lists describe; returns its snapshot. */
  rebuild(lists: RebuildLists, now: Date): Snapshot;
  /** Compares the state with the one the lists describe, adopts the latter, returns the fixes. */
  reconcile(lists: RebuildLists, now: Date): Change[];
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
  rebuilt?(snapshot: Snapshot, durationMs: number): void;
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

const REBUILD_ACTIONS = {
  queueSummary: { Action: 'QueueSummary' },
  coreShowChannels: { Action: 'CoreShowChannels' },
  deviceStateList: { Action: 'DeviceStateList' },
  pjsipShowContacts: { Action: 'PJSIPShowContacts' },
} as const;

export class LiveStatusIngestor<Change, Snapshot> {
  private queue: AmiMessage[] = [];
  private head = 0;
  /** Count of events ever pushed; positions in the stream. */
  private pushedSeq = 0;
  private processedSeq = 0;
  /** Processing stops at this stream position while a reconcile compares state there. */
  private holdAtSeq: number | null = null;
  private mode: Mode = 'idle';
  private drainScheduled = false;
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
  push(event: AmiMessage): void {
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
  async rebuild(link: AmiActionLink): Promise<boolean> {
    const generation = ++this.generation;
    const startedAt = Date.now();
    this.mode = 'rebuilding';
    this.holdAtSeq = null;
    let cutSeq = this.pushedSeq;
    const lists = await this.fetchLists(link, () => (cutSeq = this.pushedSeq));
    if (generation !== this.generation) return false;

    this.dropBefore(cutSeq);
    const snapshot = this.engine.rebuild(lists, this.now());
    await this.sink.replaceAll(snapshot);
    if (generation !== this.generation) return false;
    this.observer.rebuilt?.(snapshot, Date.now() - startedAt);
    this.mode = 'live';
    this.drain();
    return true;
  }

  /** Compares the state with fresh lists at their point in the stream; returns the fixes made. */
  async reconcile(link: AmiActionLink): Promise<number> {
    if (this.mode !== 'live') return 0;
    const generation = this.generation;
    try {
      const lists = await this.fetchLists(link, () => (this.holdAtSeq = this.pushedSeq));
      if (generation !== this.generation || this.mode !== 'live') return 0;
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

  /** The five lists, sent back to back; `atQueueStatusAnswer` marks QueueStatus's point in the stream. */
  private async fetchLists(link: AmiActionLink, atQueueStatusAnswer: () => void): Promise<RebuildLists> {
    const timeoutMs = this.options.listTimeoutMs;
    const [qs, summary, channels, devices, contacts] = await Promise.all([
      link.action({ Action: 'QueueStatus' }, { timeoutMs, onResponse: atQueueStatusAnswer }),
      link.action(REBUILD_ACTIONS.queueSummary, { timeoutMs }),
      link.action(REBUILD_ACTIONS.coreShowChannels, { timeoutMs }),
      link.action(REBUILD_ACTIONS.deviceStateList, { timeoutMs }),
      link.action(REBUILD_ACTIONS.pjsipShowContacts, { timeoutMs }),
    ]);
    return {
      queueStatus: listItems(qs),
      queueSummary: listItems(summary),
      coreShowChannels: listItems(channels),
      deviceStateList: listItems(devices),
      pjsipShowContacts: listItems(contacts),
    };
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.mode !== 'live') return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    if (this.mode !== 'live') return;
    const limit = this.holdAtSeq ?? Number.POSITIVE_INFINITY;
    const target = Math.min(limit, this.processedSeq + this.options.chunkSize);
    this.drainUpTo(target);
    if (this.head < this.queue.length && this.processedSeq < limit) this.scheduleDrain();
  }

  private drainUpTo(targetSeq: number): void {
    const changes: Change[] = [];
    const now = this.now();
    while (this.head < this.queue.length && this.processedSeq < targetSeq) {
      const event = this.queue[this.head++];
      this.processedSeq++;
      try {
        const produced = this.engine.apply(event, now);
        for (const change of produced) changes.push(change);
      } catch (error) {
        // The reducer is total by design; this only guards the loop against a bug in it.
        this.observer.error?.(`event ${event['Event'] ?? '?'} could not be applied`, error);
      }
    }
    if (this.head === this.queue.length) this.resetQueue();
    else if (this.head > 65536) this.compact();
    if (changes.length > 0) {
      this.sink.write(changes);
      this.observer.changed?.(changes);
    }
    if (this.engine.rebuildRequired) this.observer.rebuildRequired?.();
  }

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

/** The items of an event-list answer, without its closing `…Complete` event. */
export function listItems(result: AmiActionResult): AmiMessage[] {
  return result.events.filter((event) => event['EventList'] !== 'Complete');
}
