import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AmiMessage } from '@cc/ami';
import type { ResyncResult, SyncStatus } from '@cc/contracts';
import { PostgresLiveStatusFallback } from './adapters/postgres-live-status.fallback';
import { LiveStatusStoreUnavailableError } from './adapters/live-status-store-unavailable.error';
import { LiveStatusStore } from './adapters/live-status.store';
import { LIVE_STATUS_CONTROL, type LiveStatusControl } from './ingestion/live-status-control.port';
import { asteriskSyncView } from './sync/asterisk-sync-view';
import { planResync, planStartupSeed, type ConfiguredLiveState } from './sync/redis-seed.plan';
import { buildSyncStatus } from './sync/sync-diff';
import { syncViewOf, type SyncView } from './sync/sync-view';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps Redis in step with the queue configuration in Postgres: seeds it at start-up, reloads it on an
 * administrator's request, and reports where Postgres, Redis and Asterisk disagree.
 * The rules for what may be overwritten are in sync/redis-seed.plan.ts.
 */
@Injectable()
export class QueueConfigSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueConfigSyncService.name);

  constructor(
    private readonly store: LiveStatusStore,
    private readonly configuration: PostgresLiveStatusFallback,
    @Inject(LIVE_STATUS_CONTROL) private readonly control: LiveStatusControl,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A Redis or Postgres outage at boot must not stop the app: reads fall back, and a resync repairs later.
    try {
      const written = await this.seedFromPostgres();
      this.logger.log(`Seeded Redis from Postgres: ${written} missing queue/member entries written`);
    } catch (error) {
      this.logger.warn(`Start-up seed of Redis from Postgres skipped: ${messageOf(error)}`);
    }
  }

  /** Writes the queues and members Redis lacks; returns how many entries were written. */
  async seedFromPostgres(): Promise<number> {
    const configured = await this.loadConfigured();
    const [operators, queues] = await Promise.all([this.store.getAllOperators(), this.store.getAllQueues()]);
    const writes = planStartupSeed(configured, { operators, queues });
    await this.store.applyWrites(writes);
    return writes.length;
  }

  /** Postgres wins for configuration, then Asterisk restores live fields. Throws LiveStatusStoreUnavailableError. */
  async resyncAll(): Promise<ResyncResult> {
    const configured = await this.loadConfigured();
    const [operators, queues] = await Promise.all([this.store.getAllOperators(), this.store.getAllQueues()]);
    await this.store.applyWrites(planResync(configured, { operators, queues }, new Date()));
    let rebuiltFromAsterisk = false;
    try {
      rebuiltFromAsterisk = await this.control.rebuildFromAsterisk();
    } catch (error) {
      this.logger.warn(
        `Resync: rebuild from Asterisk failed, Redis holds the Postgres view: ${messageOf(error)}`,
      );
    }
    this.logger.log(
      `Resync: ${configured.queues.length} queues, ${configured.operators.length} members from Postgres; ` +
        `rebuilt from Asterisk: ${rebuiltFromAsterisk}`,
    );
    return { queues: configured.queues.length, members: configured.operators.length, rebuiltFromAsterisk };
  }

  async getSyncStatus(): Promise<SyncStatus> {
    const now = new Date();
    const configured = await this.loadConfigured();
    const [redis, asterisk] = await Promise.all([this.redisView(), this.asteriskView(now)]);
    return buildSyncStatus({
      checkedAt: now,
      postgres: syncViewOf(configured.operators, configured.queues),
      redis,
      asterisk,
    });
  }

  private async loadConfigured(): Promise<ConfiguredLiveState> {
    const [operators, queues] = await Promise.all([
      this.configuration.operators(),
      this.configuration.queueStatuses(),
    ]);
    return { operators, queues };
  }

  private async redisView(): Promise<SyncView | null> {
    try {
      const [operators, queues] = await Promise.all([
        this.store.getAllOperators(),
        this.store.getAllQueues(),
      ]);
      return syncViewOf(operators, queues);
    } catch (error) {
      if (error instanceof LiveStatusStoreUnavailableError) return null;
      throw error;
    }
  }

  private async asteriskView(now: Date): Promise<SyncView | null> {
    let items: AmiMessage[] | null;
    try {
      items = await this.control.queueStatusFromAsterisk();
    } catch (error) {
      this.logger.warn(`Sync status: QueueStatus from Asterisk failed: ${messageOf(error)}`);
      return null;
    }
    return items === null ? null : asteriskSyncView(items, now);
  }
}
