import type { BusOverflowPolicy } from '@cc/contracts';

export type OfferResult<T> = { accepted: true; dropped: T | null } | { accepted: false };

/**
 * Publishes waiting for the broker, oldest first, at most `capacity` new ones. Messages that were
 * already accepted and come back (sent on a channel that died before confirming) go to the front
 * and are never dropped: refusing them would lose a message the caller was told is on its way.
 */
export class PublishBuffer<T> {
  private items: T[] = [];
  private head = 0;

  constructor(
    readonly capacity: number,
    readonly policy: BusOverflowPolicy,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  offer(item: T): OfferResult<T> {
    if (this.size < this.capacity) {
      this.items.push(item);
      return { accepted: true, dropped: null };
    }
    if (this.policy === 'reject-new') {
      return { accepted: false };
    }
    const dropped = this.shift() ?? null;
    this.items.push(item);
    return { accepted: true, dropped };
  }

  /** Puts accepted messages back at the front, in their original order. */
  returnToFront(items: readonly T[]): void {
    if (items.length === 0) return;
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head += 1;
    // Compact now and then instead of Array.shift(), which is O(n) per call on a 10,000-item buffer.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}
