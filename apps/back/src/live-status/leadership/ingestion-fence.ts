import { Injectable } from '@nestjs/common';
import type { LiveStatusStoreFence } from '../adapters/live-status-store.fence';

/**
 * The lease this instance currently holds, if any. The leadership service sets it; the ingestion's
 * store writes carry it, so Redis refuses them once another instance has taken over.
 */
@Injectable()
export class IngestionFence {
  private current: LiveStatusStoreFence | null = null;

  get fence(): LiveStatusStoreFence | null {
    return this.current;
  }

  hold(fence: LiveStatusStoreFence): void {
    this.current = fence;
  }

  release(): void {
    this.current = null;
  }
}
