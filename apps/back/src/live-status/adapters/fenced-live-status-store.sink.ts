import { Injectable } from '@nestjs/common';
import { IngestionFence } from '../leadership/ingestion-fence';
import { LiveStatusStoreFencedError } from './live-status-store.fence';
import type {
  LiveStatusStoreBatchSink,
  LiveStatusStoreContent,
  LiveStatusStoreWrite,
  ReplaceAllResult,
} from '../writes/live-status-store.types';
import { LiveStatusStore } from './live-status.store';

/** The ingestion's way into Redis: every batch is fenced by the lease this instance holds. */
@Injectable()
export class FencedLiveStatusStoreSink implements LiveStatusStoreBatchSink {
  constructor(
    private readonly store: LiveStatusStore,
    private readonly fence: IngestionFence,
  ) {}

  applyWrites(writes: readonly LiveStatusStoreWrite[]): Promise<void> {
    const fence = this.fence.fence;
    if (!fence) return Promise.reject(new LiveStatusStoreFencedError('applyWrites'));
    return this.store.applyWrites(writes, fence);
  }

  replaceAll(content: LiveStatusStoreContent): Promise<ReplaceAllResult> {
    const fence = this.fence.fence;
    if (!fence) return Promise.reject(new LiveStatusStoreFencedError('replaceAll'));
    return this.store.replaceAll(content, fence);
  }
}
