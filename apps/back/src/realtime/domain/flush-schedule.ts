/**
 * When the live fan-out flushes. Flushes sit on a grid of `intervalMs` anchored at the last flush, at
 * most one per slot: in a burst every room gets at most one `live:batch` per slot, so a socket costs one
 * write per slot instead of one per change. The interval divides the coalescing window exactly, so an
 * entity held by its window is due on a slot and waits for no extra one. After a quiet slot a change
 * goes out at once (on the next turn of the event loop) and re-anchors the grid.
 * Pure: the caller brings the clock and the timer.
 */
export class FlushSchedule {
  readonly intervalMs: number;
  private lastSlot = Number.NEGATIVE_INFINITY;

  constructor(flushMs: number, coalesceMs: number) {
    this.intervalMs = coalesceMs / Math.ceil(coalesceMs / Math.min(flushMs, coalesceMs));
  }

  /** The slot at which to flush a change publishable from `dueAt`, seen at `nowMs`. */
  slotFor(dueAt: number, nowMs: number): number {
    if (dueAt <= nowMs && nowMs - this.lastSlot >= this.intervalMs) return nowMs;
    const at = Math.max(dueAt, nowMs);
    if (!Number.isFinite(this.lastSlot)) return at;
    return this.lastSlot + Math.ceil((at - this.lastSlot) / this.intervalMs) * this.intervalMs;
  }

  /**
   * Records the flush planned for `slot`, run at `nowMs`, and returns the time it stands for: the slot,
   * or the latest slot of the same grid a late timer has already passed (so the grid does not drift).
   */
  fire(slot: number, nowMs: number): number {
    const nominal = nowMs <= slot ? slot : slot + Math.floor((nowMs - slot) / this.intervalMs) * this.intervalMs;
    this.lastSlot = nominal;
    return nominal;
  }
}
