import type {
  LiveStoreBatchSink,
  LiveStoreContent,
  LiveStoreWrite,
  ReplaceAllResult,
} from '../../apps/back/src/live-status/adapters/live-store.types';

/**
 * A live store that reports when each batch has been stored: the store's reply (EXEC, COMMIT) comes after
 * the data is visible to every other reader, so this is the moment an event's effect is readable.
 */
export class TimedLiveStoreSink implements LiveStoreBatchSink {
  constructor(
    private readonly inner: LiveStoreBatchSink,
    private readonly onStored: (writes: readonly LiveStoreWrite[], at: number) => void,
  ) {}

  async applyWrites(writes: readonly LiveStoreWrite[]): Promise<void> {
    await this.inner.applyWrites(writes);
    this.onStored(writes, performance.now());
  }

  replaceAll(content: LiveStoreContent): Promise<ReplaceAllResult> {
    return this.inner.replaceAll(content);
  }
}
