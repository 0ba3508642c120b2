import type { LiveStatusChange } from '@cc/contracts';

export type OfferResult = 'added' | 'coalesced' | 'dropped';

/** A pending write and when its entity first entered the buffer (orders entities across kinds). */
interface Slot {
  write: LiveStatusChange;
  seq: number;
}

/**
 * Pending writes, one per entity key: a later write to the same operator/channel/queue replaces the earlier
 * one (so a remove after an upsert wins, and so does an upsert after a remove). Bounded by `capacity`
 * distinct entities; past it new entities are dropped and the caller must rebuild.
 *
 * One map per kind, keyed by the entity's id as it comes: a key built per write (`kind|id`) was a fresh
 * string to allocate and hash for each of the ingestion's writes, two per AMI event under churn.
 */
export class LiveStatusWriteBuffer {
  private readonly pending: Record<LiveStatusChange['kind'], Map<string, Slot>> = {
    operator: new Map(),
    channel: new Map(),
    queue: new Map(),
  };
  private count = 0;
  private nextSeq = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  offer(write: LiveStatusChange): OfferResult {
    const family = this.pending[write.kind];
    const slot = family.get(write.id);
    if (slot !== undefined) {
      slot.write = write;
      return 'coalesced';
    }
    if (this.count >= this.capacity) return 'dropped';
    family.set(write.id, { write, seq: this.nextSeq++ });
    this.count++;
    return 'added';
  }

  /** Removes and returns up to `max` writes, oldest entity first. */
  take(max: number): LiveStatusChange[] {
    const batch: LiveStatusChange[] = [];
    // Each map iterates in insertion order, which is seq order: merging their heads gives the oldest.
    const families = [this.pending.operator, this.pending.channel, this.pending.queue];
    const cursors = families.map((family) => family.entries());
    const heads = cursors.map((cursor) => cursor.next());
    while (batch.length < max) {
      let oldest = -1;
      for (let f = 0; f < heads.length; f++) {
        const head = heads[f];
        if (
          !head.done &&
          (oldest === -1 || head.value[1].seq < (heads[oldest].value as [string, Slot])[1].seq)
        )
          oldest = f;
      }
      if (oldest === -1) break;
      const [id, slot] = heads[oldest].value as [string, Slot];
      batch.push(slot.write);
      families[oldest].delete(id);
      heads[oldest] = cursors[oldest].next();
    }
    this.count -= batch.length;
    return batch;
  }

  /**
   * Puts back a batch that failed, unless a newer write for the same entity arrived meanwhile.
   * Returns how many could not be put back for lack of room.
   */
  restore(batch: readonly LiveStatusChange[]): number {
    let dropped = 0;
    for (const write of batch) {
      if (this.pending[write.kind].has(write.id)) continue;
      if (this.offer(write) === 'dropped') dropped++;
    }
    return dropped;
  }

  clear(): void {
    this.pending.operator.clear();
    this.pending.channel.clear();
    this.pending.queue.clear();
    this.count = 0;
  }
}
