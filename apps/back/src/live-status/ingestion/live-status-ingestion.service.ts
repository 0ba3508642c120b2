import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { AmiConnectionService } from '../../ami/ami-connection.service';
import { liveStatusConfig, type LiveStatusConfig } from '../../config/live-status.config';
import { ReadinessRegistry, type ReadinessCheckResult } from '../../health/readiness.registry';
import { METRICS_REGISTRY } from '../../metrics/metrics.tokens';
import { REDIS_CLIENT } from '../../redis/redis.tokens';
import { LiveStatusWriter } from '../adapters/live-status.writer';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';
import { AppEventBus } from '../../events/app-event.bus';
import type { LiveStatusControl } from './live-status-control.port';
import type { LiveStatusIngestor } from './live-status.ingestor';
import { createLiveStatusPipeline } from './live-status.pipeline';
import type { ReducerLiveStateEngine } from './reducer-live-state.engine';

const REBUILD_RETRY_MS = 2000;
const REBUILD_RETRY_MAX_MS = 30_000;

/** Where the live state stands against Asterisk since the event session last logged in. */
interface RebuildStatus {
  /** True once a rebuild with every list answered completed after the last (re)connect. */
  complete: boolean;
  /** List actions that failed in the last rebuild (their part of the state is empty until a retry). */
  failedLists: readonly string[];
  lastError: string | null;
  rebuiltAt: string | null;
  /** Consecutive incomplete or failed rebuilds: drives the retry backoff. */
  attempts: number;
}

/**
 * AMI -> live state -> Redis, on the instance that holds the ingestion lease. Connecting, rebuilding
 * after each login, reconciling on a timer and recovering after a Redis outage all happen here; the
 * state logic itself is the pure reducer behind ReducerLiveStateEngine.
 */
@Injectable()
export class LiveStatusIngestionService implements LiveStatusControl, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveStatusIngestionService.name);
  private readonly engine: ReducerLiveStateEngine;
  private readonly ingestor: LiveStatusIngestor<LiveStatusChange, LiveStatusContent>;
  private rebuildStatus: RebuildStatus = {
    complete: false,
    failedLists: [],
    lastError: null,
    rebuiltAt: null,
    attempts: 0,
  };
  private active = false;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private rebuildRetry: NodeJS.Timeout | null = null;
  private redisWasDown = false;
  private readonly subscriptions: Array<() => void> = [];
  private readonly amiSubscriptions: Array<() => void> = [];
  private readonly metrics: {
    drift: Counter<string>;
    rebuilds: Counter<string>;
    rebuildSeconds: Histogram<string>;
    listFailures: Counter<string>;
  };

  constructor(
    private readonly ami: AmiConnectionService,
    private readonly writer: LiveStatusWriter,
    private readonly bus: AppEventBus,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(liveStatusConfig.KEY) private readonly config: LiveStatusConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly readiness: ReadinessRegistry,
  ) {
    const pipeline = createLiveStatusPipeline(
      writer,
      {
        changed: (changes) => this.bus.emit('live.state.changed', { changes }),
        rebuildRequired: () => {
          if (this.ami.isConnected) void this.rebuild();
        },
        rebuilt: (snapshot, ms, failedLists) => this.onRebuilt(snapshot, ms, failedLists),
        drift: (fixes) => {
          if (fixes > 0) this.logger.warn(`reconcile fixed ${fixes} entities that had drifted from Asterisk`);
          this.metrics.drift.inc(fixes);
        },
        error: (message, error) =>
          this.logger.error(message, error instanceof Error ? error.stack : String(error)),
      },
      { listTimeoutMs: config.listTimeoutMs },
    );
    this.engine = pipeline.engine;
    this.ingestor = pipeline.ingestor;
    this.metrics = this.registerMetrics(registry);
  }

  get ingesting(): boolean {
    return this.active;
  }

  onModuleInit(): void {
    this.readiness.register('liveStatus', async () => this.readinessOf(), { required: false });
    // Subscribed before any lease can be won (leases are contested from application bootstrap on).
    this.subscriptions.push(
      this.bus.on('leadership.changed', ({ role }) => {
        if (role === 'leader') void this.start().catch((error: unknown) => this.logStartFailure(error));
        else void this.stop();
      }),
    );
    // A Redis that comes back may have lost or missed writes: rebuild from Asterisk, the source of truth.
    const onError = () => (this.redisWasDown = true);
    const onReady = () => {
      if (!this.redisWasDown) return;
      this.redisWasDown = false;
      if (this.active && this.ami.isConnected) {
        this.logger.warn('Redis is back: rebuilding the live state from Asterisk');
        void this.rebuild();
      }
    };
    this.redis.on('error', onError);
    this.redis.on('close', onError);
    this.redis.on('ready', onReady);
    this.subscriptions.push(() => {
      this.redis.off('error', onError);
      this.redis.off('close', onError);
      this.redis.off('ready', onReady);
    });
  }

  private logStartFailure(error: unknown): void {
    this.logger.error(`ingestion could not start: ${error instanceof Error ? error.message : String(error)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    this.subscriptions.splice(0).forEach((off) => off());
  }

  /** Called when this instance takes the ingestion lease (`leadership.changed`). */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.amiSubscriptions.push(
      this.ami.onEvent((event) => this.ingestor.push(event)),
      this.ami.onConnected(() => {
        // AMI never replays what was missed: until a complete rebuild, the state may be stale.
        this.rebuildStatus = { ...this.rebuildStatus, complete: false, failedLists: [], attempts: 0 };
        void this.rebuild();
      }),
      this.ami.onStatus((status) => {
        if (status === 'disconnected') this.ingestor.suspend();
      }),
    );
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    // Entries expire after the TTL unless rewritten; an idle agent gets no event for hours, so the
    // whole state is rewritten well within the TTL. Nothing the PBX still reports ever expires.
    this.refreshTimer = setInterval(() => void this.refreshAll(), Math.max(1000, this.config.ttlMs / 3));
    await this.ami.connect();
  }

  /** Called when this instance loses the lease or shuts down: stop writing at once. */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    this.ingestor.suspend();
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.rebuildRetry) clearTimeout(this.rebuildRetry);
    this.reconcileTimer = null;
    this.refreshTimer = null;
    this.rebuildRetry = null;
    this.amiSubscriptions.splice(0).forEach((off) => off());
    await this.ami.disconnect();
  }

  async rebuildFromAsterisk(): Promise<boolean> {
    if (!this.active || !this.ami.isConnected) return false;
    return this.rebuild();
  }

  /** Runs one reconcile now; returns the number of fixes. */
  async reconcile(): Promise<number> {
    if (!this.active || !this.ami.isConnected) return 0;
    try {
      return await this.ingestor.reconcile(this.ami);
    } catch (error) {
      this.logger.warn(`reconcile failed: ${(error as Error).message}`);
      return 0;
    }
  }

  private async refreshAll(): Promise<void> {
    if (!this.active || this.ingestor.status.mode !== 'live') return;
    try {
      await this.writer.replaceAll(this.engine.snapshot());
    } catch (error) {
      this.logger.warn(`refreshing the live state in Redis failed: ${(error as Error).message}`);
    }
  }

  /** Waits until every change so far has reached Redis (tests and benchmarks). */
  async flush(): Promise<void> {
    await this.writer.flush();
  }

  get ingestorStatus() {
    return this.ingestor.status;
  }

  private async rebuild(): Promise<boolean> {
    if (this.rebuildRetry) clearTimeout(this.rebuildRetry);
    this.rebuildRetry = null;
    try {
      return await this.ingestor.rebuild(this.ami);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.rebuildStatus = {
        ...this.rebuildStatus,
        complete: false,
        lastError: message,
        attempts: this.rebuildStatus.attempts + 1,
      };
      this.logger.warn(`rebuild from Asterisk failed (${message}); retrying in ${this.retryDelayMs()} ms`);
      this.scheduleRebuildRetry();
      return false;
    }
  }

  private onRebuilt(snapshot: LiveStatusContent, ms: number, failedLists: readonly string[]): void {
    this.metrics.rebuilds.inc();
    this.metrics.rebuildSeconds.observe(ms / 1000);
    const complete = failedLists.length === 0;
    this.rebuildStatus = {
      complete,
      failedLists,
      lastError: complete ? null : `${failedLists.join(', ')} failed`,
      rebuiltAt: new Date().toISOString(),
      attempts: complete ? 0 : this.rebuildStatus.attempts + 1,
    };
    const counts =
      `${snapshot.operators.length} operators, ${snapshot.channels.length} channels, ` +
      `${snapshot.queues.length} queues`;
    if (complete) {
      this.logger.log(`live state rebuilt from Asterisk in ${ms} ms: ${counts}`);
    } else {
      for (const action of failedLists) this.metrics.listFailures.inc({ action });
      // The rest of the state is live and events flow; the failed part is fetched again by a retry.
      this.logger.warn(
        `live state rebuilt in ${ms} ms without ${failedLists.join(', ')} (${counts}); ` +
          `retrying in ${this.retryDelayMs()} ms`,
      );
      this.scheduleRebuildRetry();
    }
    this.bus.emit('live.state.rebuilt', {
      at: new Date().toISOString(),
      version: this.engine.version,
      ...snapshot,
    });
  }

  private retryDelayMs(): number {
    const exponent = Math.max(0, this.rebuildStatus.attempts - 1);
    return Math.min(REBUILD_RETRY_MAX_MS, REBUILD_RETRY_MS * 2 ** exponent);
  }

  private scheduleRebuildRetry(): void {
    if (!this.active || !this.ami.isConnected) return;
    if (this.rebuildRetry) clearTimeout(this.rebuildRetry);
    this.rebuildRetry = setTimeout(() => void this.rebuild(), this.retryDelayMs());
  }

  private readinessOf(): ReadinessCheckResult {
    if (!this.active) return { status: 'disabled', details: { role: 'standby' } };
    const { complete, failedLists, lastError, rebuiltAt } = this.rebuildStatus;
    if (complete) return { status: 'up', details: { rebuiltAt, version: this.engine.version } };
    return {
      status: 'degraded',
      details: {
        reason: 'the live state has not been completely rebuilt from Asterisk since the last AMI login',
        failedLists,
        lastError,
        rebuiltAt,
      },
    };
  }

  private registerMetrics(registry: Registry) {
    const engine = this.engine;
    const ingestor = () => this.ingestor;
    const ignored: Gauge = new Gauge({
      name: 'live_status_events_ignored',
      help: 'AMI events the live state does not use (dialplan noise, unknown names)',
      registers: [registry],
      collect: () => ignored.set(engine.stats.ignored),
    });
    const applied: Gauge = new Gauge({
      name: 'live_status_events_applied',
      help: 'AMI events applied to the live state',
      registers: [registry],
      collect: () => applied.set(engine.stats.applied),
    });
    const buffered: Gauge = new Gauge({
      name: 'live_status_events_buffered',
      help: 'AMI events received but not yet applied',
      registers: [registry],
      collect: () => buffered.set(ingestor().status.buffered),
    });
    const pending: Gauge = new Gauge({
      name: 'live_status_rebuild_pending',
      help: '1 while this instance ingests and the live state has not been completely rebuilt since the last AMI login',
      registers: [registry],
      collect: () => pending.set(this.active && !this.rebuildStatus.complete ? 1 : 0),
    });
    return {
      listFailures: new Counter({
        name: 'live_status_rebuild_list_failures_total',
        help: 'List actions that failed during a rebuild (the rest of the state was rebuilt without them)',
        labelNames: ['action'],
        registers: [registry],
      }),
      drift: new Counter({
        name: 'live_status_reconcile_drift_total',
        help: 'Entities the periodic reconcile found different from Asterisk and fixed',
        registers: [registry],
      }),
      rebuilds: new Counter({
        name: 'live_status_rebuilds_total',
        help: 'Full rebuilds of the live state from Asterisk lists',
        registers: [registry],
      }),
      rebuildSeconds: new Histogram({
        name: 'live_status_rebuild_seconds',
        help: 'Duration of a full rebuild from Asterisk lists',
        registers: [registry],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
    };
  }
}
