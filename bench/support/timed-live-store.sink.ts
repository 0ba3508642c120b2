import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../../apps/back/src/live-status/domain/live-status.types';
import type {
  LiveStatusStoreBatchSink,
  ReplaceAllResult,
} from '../../apps/back/src/live-status/writes/live-status-store.types';

/**
 * A live store that reports when each batch has been stored: the store's reply (EXEC, COMMIT) comes after
 * the data is visible to every other reader, so this is the moment an event's effect is readable.
 */
export class TimedLiveStatusStoreSink implements LiveStatusStoreBatchSink {
  constructor(
    private readonly inner: LiveStatusStoreBatchSink,
    private readonly onStored: (writes: readonly LiveStatusChange[], at: number) => void,
  ) {}

  async applyWrites(writes: readonly LiveStatusChange[]): Promise<void> {
    await this.inner.applyWrites(writes);
    this.onStored(writes, performance.now());
  }

  replaceAll(content: LiveStatusContent): Promise<ReplaceAllResult> {
    return this.inner.replaceAll(content);
  }
}
