import { Injectable } from '@nestjs/common';
import type { LiveStoreFence } from '../adapters/live-store-fence';

/**
 * The lease this instance currently holds, if any. The leadership service sets it; the ingestion's
 * store writes carry it, so Redis refuses them once another instance has taken over.
 */
@Injectable()
export class IngestionFence {
  private current: LiveStoreFence | null = null;

  get fence(): LiveStoreFence | null {
    return this.current;
  }

  hold(fence: LiveStoreFence): void {
    this.current = fence;
  }

  release(): void {
    this.current = null;
  }
}
