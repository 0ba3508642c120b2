import type { LiveStatusChange } from '@cc/contracts';

export type OfferResult = 'added' | 'coalesced' | 'dropped';

/**
 * Pending writes, one per entity key: a later write to the same operator/channel/queue replaces the earlier
 * one (so a remove after an upsert wins, and so does an upsert after a remove). Bounded by `capacity`
 * distinct entities; past it new entities are dropped and the caller must rebuild.
 */
export class LiveStatusWriteBuffer {
  private readonly pending = new Map<string, LiveStatusChange>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.pending.size;
  }

  offer(write: LiveStatusChange): OfferResult {
    const key = entityKey(write);
    if (this.pending.has(key)) {
      this.pending.set(key, write);
      return 'coalesced';
    }
    if (this.pending.size >= this.capacity) return 'dropped';
    this.pending.set(key, write);
    return 'added';
  }

  /** Removes and returns up to `max` writes, oldest entity first. */
  take(max: number): LiveStatusChange[] {
    const batch: LiveStatusChange[] = [];
    for (const [key, write] of this.pending) {
      if (batch.length >= max) break;
      batch.push(write);
      this.pending.delete(key);
    }
    return batch;
  }

  /**
   * Puts back a batch that failed, unless a newer write for the same entity arrived meanwhile.
   * Returns how many could not be put back for lack of room.
   */
  restore(batch: readonly LiveStatusChange[]): number {
    let dropped = 0;
    for (const write of batch) {
      const key = entityKey(write);
      if (this.pending.has(key)) continue;
      if (this.pending.size >= this.capacity) {
        dropped++;
        continue;
      }
      this.pending.set(key, write);
    }
    return dropped;
  }

  clear(): void {
    this.pending.clear();
  }
}

export function entityKey(write: LiveStatusChange): string {
  return `${write.kind}|${write.id}`;
}
