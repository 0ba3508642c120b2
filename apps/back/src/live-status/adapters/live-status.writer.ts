import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { LIVE_STATUS_WRITER_OPTIONS, LIVE_STATUS_STORE_BATCH_SINK } from './live-status.redis.tokens';
import { LiveStatusStoreFencedError } from './live-status-store.fence';
import { LiveStatusStoreUnavailableError } from './live-status-store-unavailable.error';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';
import type {
  LiveStatusStoreBatchSink,
  LiveStatusStoreLogger,
  ReplaceAllResult,
} from '../writes/live-status-store.types';
import { LiveStatusWriteBuffer } from '../writes/live-status-write.buffer';

export interface LiveStatusWriterOptions {
  /** Most writes in one MULTI; reaching it flushes without waiting for the next tick. */
  maxBatchSize: number;
  /** Most distinct entities buffered while Redis is away; past it writes are dropped and a rebuild is needed. */
  maxPending: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Called once each time the writer starts dropping writes (needsRebuild turns true). */
  onDegraded?: () => void;
  logger?: LiveStatusStoreLogger;
}

export const DEFAULT_LIVE_STATUS_WRITER_OPTIONS: LiveStatusWriterOptions = {
  maxBatchSize: 500,
  // Far above a large site (thousands of members and channels), small enough to stay a few MB.
  maxPending: 50_000,
  retryBaseMs: 100,
  retryMaxMs: 5_000,
};

export interface LiveStatusWriterStats {
  writesRequested: number;
  /** Writes replaced by a later write to the same entity before reaching Redis. */
  writesCoalesced: number;
  writesFlushed: number;
  writesDropped: number;
  /** Writes refused because another instance holds the ingestion lease (see live-status-store.fence.ts). */
  writesFenced: number;
  /** Successful flushes (one MULTI each). */
  flushes: number;
  /** Failed flushes and failed replaceAll calls. */
  failures: number;
  lastFlushMs: number | null;
  pending: number;
  /** Writes were lost (buffer full or a replaceAll failed): rebuild from Asterisk, then call replaceAll. */
  needsRebuild: boolean;
}

/**
 * Coalescing batch writer in front of the live store. `enqueue` never throws and never waits: writes to the same
 * entity collapse (last one wins), and a flush sends everything pending in one MULTI on the next turn of the
 * event loop. Flushes and replaceAll run one at a time, in call order. On Redis errors the batch stays buffered
 * and is retried with exponential backoff.
 */
@Injectable()
export class LiveStatusWriter implements OnModuleDestroy {
  private readonly options: LiveStatusWriterOptions;
  private readonly logger: LiveStatusStoreLogger;
  private readonly buffer: LiveStatusWriteBuffer;
  private readonly counters = {
    writesRequested: 0,
    writesCoalesced: 0,
    writesFlushed: 0,
    writesDropped: 0,
    writesFenced: 0,
    flushes: 0,
    failures: 0,
    lastFlushMs: null as number | null,
  };
  private needsRebuild = false;
  // Serialises flushes and replaceAll: never more than one MULTI of ours in flight.
  private tail: Promise<void> = Promise.resolve();
  private flushRequested = false;
  private immediate: NodeJS.Immediate | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private consecutiveFailures = 0;
  private lastError: LiveStatusStoreUnavailableError | null = null;
  private replacesQueued = 0;
  // Bumped by replaceAll: a batch taken before it must not be put back after it.
  private generation = 0;
  private stopped = false;

  constructor(
    @Inject(LIVE_STATUS_STORE_BATCH_SINK) private readonly sink: LiveStatusStoreBatchSink,
    @Optional() @Inject(LIVE_STATUS_WRITER_OPTIONS) options?: Partial<LiveStatusWriterOptions>,
  ) {
    this.options = { ...DEFAULT_LIVE_STATUS_WRITER_OPTIONS, ...options };
    this.logger = this.options.logger ?? new Logger(LiveStatusWriter.name);
    this.buffer = new LiveStatusWriteBuffer(this.options.maxPending);
  }

  get stats(): LiveStatusWriterStats {
    return { ...this.counters, pending: this.buffer.size, needsRebuild: this.needsRebuild };
  }

  enqueue(changes: LiveStatusChange | readonly LiveStatusChange[]): void {
    const list: readonly LiveStatusChange[] = Array.isArray(changes)
      ? changes
      : [changes as LiveStatusChange];
    let dropped = 0;
    for (const change of list) {
      this.counters.writesRequested++;
      const result = this.buffer.offer(change);
      if (result === 'coalesced') this.counters.writesCoalesced++;
      else if (result === 'dropped') dropped++;
    }
    if (dropped > 0) this.noteDropped(dropped);
    this.schedule();
  }

  /**
   * Writes everything pending now, skipping any backoff wait. Rejects with LiveStatusStoreUnavailableError if a
   * flush fails; the writes stay buffered and the background retry goes on.
   */
  async flush(): Promise<void> {
    for (;;) {
      await this.tail;
      if (this.buffer.size === 0) return;
      this.cancelTimers();
      const failuresBefore = this.counters.failures;
      await this.exclusive(() => this.flushBatch());
      if (this.counters.failures > failuresBefore && this.lastError) throw this.lastError;
    }
  }

  /**
   * Replaces the whole stored state (after a rebuild from Asterisk). Writes enqueued before this call are
   * superseded by `content` and discarded; writes enqueued after it are flushed once it has finished.
   * Clears needsRebuild on success; on failure sets it and rejects with LiveStatusStoreUnavailableError.
   */
  async replaceAll(content: LiveStatusContent): Promise<ReplaceAllResult> {
    this.buffer.clear();
    this.generation++;
    this.cancelTimers();
    this.replacesQueued++;
    try {
      const result = await this.exclusive(() => this.sink.replaceAll(content));
      this.needsRebuild = false;
      this.consecutiveFailures = 0;
      return result;
    } catch (error) {
      this.counters.failures++;
      const failure = LiveStatusStoreUnavailableError.from('replaceAll', error);
      this.markNeedsRebuild(`replaceAll failed (${failure.message})`);
      throw failure;
    } finally {
      this.replacesQueued--;
      this.schedule();
    }
  }

  /** Stops timers; pending writes stay in memory (call flush() first to keep them). */
  stop(): void {
    this.stopped = true;
    this.cancelTimers();
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush().catch((error: unknown) =>
      this.logger.warn(`final flush failed, ${this.buffer.size} live-state writes lost: ${String(error)}`),
    );
    this.stop();
  }

  private schedule(): void {
    if (this.stopped || this.retryTimer || this.replacesQueued > 0 || this.buffer.size === 0) return;
    const full = this.buffer.size >= this.options.maxBatchSize;
    if (this.flushRequested) {
      if (!full || !this.immediate) return;
      clearImmediate(this.immediate);
      this.immediate = null;
    }
    this.flushRequested = true;
    if (full) {
      this.queueFlush();
    } else {
      // setImmediate rather than a microtask: AMI events parsed from one socket read all land in this batch.
      this.immediate = setImmediate(() => {
        this.immediate = null;
        this.queueFlush();
      });
    }
  }

  private queueFlush(): void {
    this.exclusive(() => this.flushBatch()).catch((error: unknown) =>
      this.logger.error(
        `live-state flush crashed: ${String(error)}`,
        error instanceof Error ? error.stack : undefined,
      ),
    );
  }

  private async flushBatch(): Promise<void> {
    this.flushRequested = false;
    if (this.replacesQueued > 0) return;
    const batch = this.buffer.take(this.options.maxBatchSize);
    if (batch.length === 0) return;
    const generation = this.generation;
    const started = performance.now();
    try {
      await this.sink.applyWrites(batch);
      this.counters.flushes++;
      this.counters.writesFlushed += batch.length;
      this.counters.lastFlushMs = performance.now() - started;
      if (this.consecutiveFailures > 0)
        this.logger.warn(`live store reachable again, ${batch.length} writes flushed`);
      this.consecutiveFailures = 0;
      this.lastError = null;
    } catch (error) {
      if (error instanceof LiveStatusStoreFencedError) {
        // Another instance holds the ingestion lease now: these writes are stale by definition.
        this.counters.writesFenced += batch.length;
        this.logger.warn(`${batch.length} live-state writes refused by the ingestion fence and dropped`);
        this.schedule();
        return;
      }
      this.counters.failures++;
      this.consecutiveFailures++;
      this.lastError = LiveStatusStoreUnavailableError.from('flush', error);
      if (generation === this.generation) {
        const lost = this.buffer.restore(batch);
        if (lost > 0) this.noteDropped(lost);
      }
      const delay = this.retryDelay();
      const message = `live store write failed (${this.lastError.message}); ${this.buffer.size} writes kept, retry in ${delay} ms`;
      if (this.consecutiveFailures === 1) this.logger.warn(message);
      else this.logger.debug(message);
      this.scheduleRetry(delay);
      return;
    }
    this.schedule();
  }

  private retryDelay(): number {
    const exponent = Math.min(this.consecutiveFailures - 1, 20);
    return Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** exponent);
  }

  private scheduleRetry(delay: number): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.schedule();
    }, delay);
    // Buffered live state is not worth keeping a process alive for.
    this.retryTimer.unref();
  }

  private cancelTimers(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.immediate = null;
    this.retryTimer = null;
    this.flushRequested = false;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private noteDropped(count: number): void {
    this.counters.writesDropped += count;
    this.markNeedsRebuild(`write buffer full (${this.options.maxPending} entities), ${count} writes dropped`);
  }

  private markNeedsRebuild(reason: string): void {
    if (this.needsRebuild) return;
    this.needsRebuild = true;
    this.logger.error(`live state in Redis is now incomplete: ${reason}; a rebuild is needed`);
    this.options.onDegraded?.();
  }
}
