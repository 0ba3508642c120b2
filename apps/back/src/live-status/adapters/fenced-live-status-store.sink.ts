import { Inject, Injectable } from '@nestjs/common';
import { LiveStatusStoreFencedError, type LiveStatusStoreFence } from './live-status-store.fence';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';
import type { LiveStatusStoreBatchSink, ReplaceAllResult } from '../writes/live-status-store.types';
import { LiveStatusStore } from './live-status.store';

/** Where the ingestion's current fence comes from (the leadership module's ingestion lease). */
export interface IngestionFenceSource {
  readonly fence: LiveStatusStoreFence | null;
}

export const INGESTION_FENCE = Symbol('INGESTION_FENCE');

/** The ingestion's way into Redis: every batch is fenced by the lease this instance holds. */
@Injectable()
export class FencedLiveStatusStoreSink implements LiveStatusStoreBatchSink {
  constructor(
    private readonly store: LiveStatusStore,
    @Inject(INGESTION_FENCE) private readonly fence: IngestionFenceSource,
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
