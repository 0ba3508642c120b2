import { Injectable } from '@nestjs/common';
import { IngestionFence } from '../leadership/ingestion-fence';
import { LiveStatusStoreFencedError } from './live-status-store.fence';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';
import type { LiveStatusStoreBatchSink, ReplaceAllResult } from '../writes/live-status-store.types';
import { LiveStatusStore } from './live-status.store';

/** The ingestion's way into Redis: every batch is fenced by the lease this instance holds. */
@Injectable()
export class FencedLiveStatusStoreSink implements LiveStatusStoreBatchSink {
  constructor(
    private readonly store: LiveStatusStore,
    private readonly fence: IngestionFence,
  ) {}

  applyWrites(writes: readonly LiveStatusChange[]): Promise<void> {
    const fence = this.fence.fence;
    if (!fence) return Promise.reject(new LiveStatusStoreFencedError('applyWrites'));
    return this.store.applyWrites(writes, fence);
  }

  replaceAll(content: LiveStatusContent): Promise<ReplaceAllResult> {
    const fence = this.fence.fence;
    if (!fence) return Promise.reject(new LiveStatusStoreFencedError('replaceAll'));
    return this.store.replaceAll(content, fence);
  }
}
