import { SimClock, SimTimer } from './sim-clock';

/** A clock that moves only when told: model tests run hours of calls without waiting. */
export class ManualClock implements SimClock {
  readonly speed = 1;
  private current: number;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 10, 20, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(simMs: number, fn: () => void): SimTimer {
    const id = this.seq++;
    this.due.set(id, { at: this.current + Math.max(0, simMs), fn });
    return { cancel: () => this.due.delete(id) };
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order (ties in the order they were set);
   * microtasks queued by a timer run before the next one.
   */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.due) if (!next || entry[1].at < next[1].at) next = entry;
      if (!next || next[1].at > until) break;
      this.due.delete(next[0]);
      this.current = next[1].at;
      next[1].fn();
      await Promise.resolve();
      await Promise.resolve();
    }
    this.current = until;
    await Promise.resolve();
  }
}
