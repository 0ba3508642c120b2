import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { liveStatusConfig, type LiveStatusConfig } from '../../config/live-status.config';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../../redis/redis.tokens';
import { LiveStatusIngestionService } from '../ingestion/live-status-ingestion.service';
import { IngestionFence } from './ingestion-fence';
import { LeaderElector } from '../../leadership/leader-elector';
import { RedisLease } from '../../leadership/redis-lease';

/**
 * With several back ends on one Redis, exactly one ingests AMI: the holder of a Redis lease.
 * A standby takes over within the lease TTL when the holder dies, then rebuilds from Asterisk.
 */
@Injectable()
export class IngestionLeadershipService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestionLeadershipService.name);
  private readonly elector: LeaderElector;

  constructor(
    private readonly ingestion: LiveStatusIngestionService,
    fence: IngestionFence,
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(REDIS_KEY_PREFIX) keyPrefix: string,
    @Inject(liveStatusConfig.KEY) config: LiveStatusConfig,
  ) {
    const leaseKey = `${keyPrefix}ingestion:lease`;
    const lease = new RedisLease(
      redis,
      leaseKey,
      `${keyPrefix}ingestion:fencing`,
      config.instanceId,
      config.leaseTtlMs,
    );
    this.elector = new LeaderElector(
      lease,
      { ttlMs: config.leaseTtlMs, intervalMs: config.leaseRenewIntervalMs, onError: (e) => this.onError(e) },
      {
        elected: (grant) => {
          fence.hold({ key: leaseKey, value: grant.value });
          this.logger.log(
            `[${config.instanceId}] took the ingestion lease (fencing token ${grant.fencingToken})`,
          );
          void this.ingestion.start().catch((error: unknown) => this.onError(error));
        },
        deposed: (reason) => {
          fence.release();
          this.logger.warn(`[${config.instanceId}] no longer ingests AMI: ${reason}`);
          void this.ingestion.stop();
        },
      },
    );
  }

  get isLeader(): boolean {
    return this.elector.isLeader;
  }

  onApplicationBootstrap(): void {
    this.elector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.elector.stop();
  }

  private onError(error: unknown): void {
    this.logger.warn(`ingestion lease: ${error instanceof Error ? error.message : String(error)}`);
  }
}
