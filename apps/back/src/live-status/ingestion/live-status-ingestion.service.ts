import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AmiMessage } from '@cc/ami';
import type Redis from 'ioredis';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { AmiConnectionService } from '../../ami/ami-connection.service';
import { liveStatusConfig, type LiveStatusConfig } from '../../config/live-status.config';
import { METRICS_REGISTRY } from '../../metrics/metrics.tokens';
import { REDIS_CLIENT } from '../../redis/redis.tokens';
import { LiveStatusWriter } from '../adapters/live-status.writer';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';
import { AppEventBus } from '../../events/app-event.bus';
import type { LiveStatusControl } from './live-status-control.port';
import { LiveStatusIngestor, listItems } from './live-status.ingestor';
import { ReducerLiveStateEngine } from './reducer-live-state.engine';

const CHUNK_SIZE = 5000;
const MAX_BUFFERED_DURING_REBUILD = 500_000;
const REBUILD_RETRY_MS = 2000;

/**
 * AMI -> live state -> Redis, on the instance that holds the ingestion lease. Connecting, rebuilding
 * after each login, reconciling on a timer and recovering after a Redis outage all happen here; the
 * state logic itself is the pure reducer behind ReducerLiveStateEngine.
 */
@Injectable()
export class LiveStatusIngestionService implements LiveStatusControl, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveStatusIngestionService.name);
  private readonly engine = new ReducerLiveStateEngine();
  private readonly ingestor: LiveStatusIngestor<LiveStatusChange, LiveStatusContent>;
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
  };

  constructor(
    private readonly ami: AmiConnectionService,
    private readonly writer: LiveStatusWriter,
    private readonly bus: AppEventBus,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(liveStatusConfig.KEY) private readonly config: LiveStatusConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.ingestor = new LiveStatusIngestor(
      this.engine,
      {
        write: (changes) => this.writer.enqueue(changes),
        replaceAll: async (snapshot) => void (await this.writer.replaceAll(snapshot)),
      },
      {
        changed: (changes) => this.bus.emit('live.state.changed', { changes }),
        rebuildRequired: () => {
          if (this.ami.isConnected) void this.rebuild();
        },
        rebuilt: (snapshot, ms) => {
          this.metrics.rebuilds.inc();
          this.metrics.rebuildSeconds.observe(ms / 1000);
          this.logger.log(
            `live state rebuilt from Asterisk in ${ms} ms: ${snapshot.operators.length} operators, ` +
              `${snapshot.channels.length} channels, ${snapshot.queues.length} queues`,
          );
          this.bus.emit('live.state.rebuilt', {
            at: new Date().toISOString(),
            version: this.engine.version,
            ...snapshot,
          });
        },
        drift: (fixes) => {
          if (fixes > 0) this.logger.warn(`reconcile fixed ${fixes} entities that had drifted from Asterisk`);
          this.metrics.drift.inc(fixes);
        },
        error: (message, error) =>
          this.logger.error(message, error instanceof Error ? error.stack : String(error)),
      },
      {
        chunkSize: CHUNK_SIZE,
        maxBuffered: MAX_BUFFERED_DURING_REBUILD,
        listTimeoutMs: config.listTimeoutMs,
      },
    );
    this.metrics = this.registerMetrics(registry);
  }

  get ingesting(): boolean {
    return this.active;
  }

  onModuleInit(): void {
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
      this.ami.onConnected(() => void this.rebuild()),
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

  async queueStatusFromAsterisk(): Promise<AmiMessage[] | null> {
    if (!this.ami.isConnected) return null;
    try {
      return listItems(
        await this.ami.action({ Action: 'QueueStatus' }, { timeoutMs: this.config.listTimeoutMs }),
      );
    } catch (error) {
      this.logger.warn(`QueueStatus for the sync status failed: ${(error as Error).message}`);
      return null;
    }
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
      this.logger.warn(`rebuild from Asterisk failed (${(error as Error).message}); retrying`);
      if (this.active && this.ami.isConnected) {
        this.rebuildRetry = setTimeout(() => void this.rebuild(), REBUILD_RETRY_MS);
      }
      return false;
    }
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
    return {
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
