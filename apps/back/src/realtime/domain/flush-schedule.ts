/**
 * When one live room flushes. A room's flushes sit on a grid of `intervalMs` at a fixed `phase`, at
 * most one per slot: in a burst a socket costs one write per slot, however many entities change. The
 * interval divides the coalescing window exactly, so an entity held by its window becomes due on a slot
 * and waits for no extra one. Rooms get different phases, so a flush writes to one room's sockets at a
 * time instead of to every socket at once. A change to a room that has had nothing to send for an
 * interval goes out at once (on the next turn of the event loop); the room's next flushes return to
 * its grid.
 * Pure: the caller brings the clock and the timer.
 */
export class FlushSchedule {
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly intervalMs: number,
    readonly phase: number,
  ) {}

  /** The interval that divides `coalesceMs` exactly and is at most `flushMs`. */
  static interval(flushMs: number, coalesceMs: number): number {
    return coalesceMs / Math.ceil(coalesceMs / Math.min(flushMs, coalesceMs));
  }

  /**
   * When to flush a change publishable from `dueAt`, seen at `nowMs`; `idle` when the room has nothing
   * else waiting (a busy room stays on its grid).
   */
  slotFor(dueAt: number, nowMs: number, idle: boolean): number {
    if (idle && dueAt <= nowMs && nowMs - this.lastFlushAt >= this.intervalMs) return nowMs;
    const at = Math.max(dueAt, nowMs, this.lastFlushAt + this.intervalMs);
    return this.phase + Math.ceil((at - this.phase) / this.intervalMs) * this.intervalMs;
  }

  /**
   * Records the flush planned for `slot`, run at `nowMs`, and returns the time it stands for: the slot,
   * or the latest slot of the grid a late timer has already passed (so a late timer does not shift the
   * coalescing windows of what it publishes).
   */
  fire(slot: number, nowMs: number): number {
    const passed = this.phase + Math.floor((nowMs - this.phase) / this.intervalMs) * this.intervalMs;
    this.lastFlushAt = Math.max(slot, passed);
    return this.lastFlushAt;
  }
}
