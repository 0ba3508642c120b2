import { Injectable } from '@nestjs/common';
import { IngestionFence } from '../leadership/ingestion-fence';
import { LiveStoreFencedError } from './live-store-fence';
import type {
  LiveStoreBatchSink,
  LiveStoreContent,
  LiveStoreWrite,
  ReplaceAllResult,
} from './live-store.types';
import { RedisQueueStatusService } from './redis-queue-status.service';

/** The ingestion's way into Redis: every batch is fenced by the lease this instance holds. */
@Injectable()
export class FencedLiveStoreSink implements LiveStoreBatchSink {
  constructor(
    private readonly store: RedisQueueStatusService,
    private readonly fence: IngestionFence,
  ) {}

  applyWrites(writes: readonly LiveStoreWrite[]): Promise<void> {
    const fence = this.fence.fence;
    if (!fence) return Promise.reject(new LiveStoreFencedError('applyWrites'));
    return this.store.applyWrites(writes, fence);
  }

  replaceAll(content: LiveStoreContent): Promise<ReplaceAllResult> {
    const fence = this.fence.fence;
    if (!fence) return Promise.reject(new LiveStoreFencedError('replaceAll'));
    return this.store.replaceAll(content, fence);
  }
}
