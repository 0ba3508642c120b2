import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AmiModule } from '../ami/ami.module';
import { liveStatusConfig, type LiveStatusConfig } from '../config/live-status.config';
import { QueueMemberEntity } from '../queues/entities/queue-member.entity';
import { QueueEntity } from '../queues/entities/queue.entity';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../redis/redis.tokens';
import { LiveStateWriter } from './adapters/live-state.writer';
import { FencedLiveStoreSink } from './adapters/fenced-live-store.sink';
import {
  LIVE_STATUS_KEY_PREFIX,
  LIVE_STATUS_REDIS,
  LIVE_STATUS_STORE_OPTIONS,
  LIVE_STORE_BATCH_SINK,
} from './adapters/live-status.redis.tokens';
import type { LiveStoreOptions } from './adapters/live-store.types';
import { PostgresLiveStatusReader } from './adapters/postgres-live-status.reader';
import { RedisQueueStatusService } from './adapters/redis-queue-status.service';
import { ContactCenterService } from './contact-center.service';
import { LIVE_STATE_CONTROL } from './ingestion/live-state-control.port';
import { LiveStatusIngestionService } from './ingestion/live-status-ingestion.service';
import { IngestionFence } from './leadership/ingestion-fence';
import { IngestionLeadershipService } from './leadership/ingestion-leadership.service';
import { LiveStatusStream } from './live-status.stream';
import { QueueDataSyncService } from './queue-data-sync.service';
import { QueueStatusController } from './queue-status.controller';

/**
 * Live state of operators, channels and queues: AMI ingestion into Redis (on the lease holder), the
 * queue-status REST API, DB <-> Redis sync, and the typed change stream other features consume.
 */
@Module({
  imports: [AmiModule, TypeOrmModule.forFeature([QueueEntity, QueueMemberEntity])],
  controllers: [QueueStatusController],
  providers: [
    { provide: LIVE_STATUS_REDIS, useExisting: REDIS_CLIENT },
    { provide: LIVE_STATUS_KEY_PREFIX, useExisting: REDIS_KEY_PREFIX },
    {
      provide: LIVE_STATUS_STORE_OPTIONS,
      inject: [liveStatusConfig.KEY],
      useFactory: (config: LiveStatusConfig): Partial<LiveStoreOptions> => ({ ttlMs: config.ttlMs }),
    },
    RedisQueueStatusService,
    IngestionFence,
    { provide: LIVE_STORE_BATCH_SINK, useClass: FencedLiveStoreSink },
    LiveStateWriter,
    PostgresLiveStatusReader,
    LiveStatusStream,
    LiveStatusIngestionService,
    { provide: LIVE_STATE_CONTROL, useExisting: LiveStatusIngestionService },
    IngestionLeadershipService,
    ContactCenterService,
    QueueDataSyncService,
  ],
  exports: [ContactCenterService, LiveStatusStream],
})
export class LiveStatusModule {}
