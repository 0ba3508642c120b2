import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AmiModule } from '../ami/ami.module';
import { HealthModule } from '../health/health.module';
import { LeadershipModule } from '../leadership/leadership.module';
import { LeadershipService } from '../leadership/leadership.service';
import { liveStatusConfig, type LiveStatusConfig } from '../config/live-status.config';
import { QueueEntity, QueueMemberEntity } from '../queues/entities/queue.entity';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../redis/redis.tokens';
import { LiveStatusWriter } from './adapters/live-status.writer';
import { FencedLiveStatusStoreSink } from './adapters/fenced-live-status-store.sink';
import {
  LIVE_STATUS_KEY_PREFIX,
  LIVE_STATUS_REDIS,
  LIVE_STATUS_STORE_OPTIONS,
  LIVE_STATUS_STORE_BATCH_SINK,
} from './adapters/live-status.redis.tokens';
import { INGESTION_FENCE } from './adapters/fenced-live-status-store.sink';
import type { LiveStatusStoreOptions } from './writes/live-status-store.types';
import { PostgresLiveStatusFallback } from './adapters/postgres-live-status.fallback';
import { PostgresQueueConfigWriter } from './adapters/postgres-queue-config.writer';
import { LiveStatusStore } from './adapters/live-status.store';
import { LiveStatusQueryService } from './live-status-query.service';
import { LIVE_STATUS_CONTROL } from './ingestion/live-status-control.port';
import { LiveStatusIngestionService } from './ingestion/live-status-ingestion.service';
import { QueueConfigSyncService } from './queue-config-sync.service';
import { QueueStatusController } from './queue-status.controller';

/**
 * Live state of operators, channels and queues: AMI ingestion into Redis (on the lease holder), the
 * queue-status REST API, DB <-> Redis sync. Changes reach other features as `live.state.*` events on the AppEventBus.
 */
@Module({
  imports: [
    AmiModule,
    HealthModule,
    LeadershipModule,
    TypeOrmModule.forFeature([QueueEntity, QueueMemberEntity]),
  ],
  controllers: [QueueStatusController],
  providers: [
    { provide: LIVE_STATUS_REDIS, useExisting: REDIS_CLIENT },
    { provide: LIVE_STATUS_KEY_PREFIX, useExisting: REDIS_KEY_PREFIX },
    {
      provide: LIVE_STATUS_STORE_OPTIONS,
      inject: [liveStatusConfig.KEY],
      useFactory: (config: LiveStatusConfig): Partial<LiveStatusStoreOptions> => ({ ttlMs: config.ttlMs }),
    },
    LiveStatusStore,
    { provide: INGESTION_FENCE, useExisting: LeadershipService },
    { provide: LIVE_STATUS_STORE_BATCH_SINK, useClass: FencedLiveStatusStoreSink },
    LiveStatusWriter,
    PostgresLiveStatusFallback,
    PostgresQueueConfigWriter,
    LiveStatusIngestionService,
    { provide: LIVE_STATUS_CONTROL, useExisting: LiveStatusIngestionService },
    LiveStatusQueryService,
    QueueConfigSyncService,
  ],
  exports: [LiveStatusQueryService],
})
export class LiveStatusModule {}
