export interface SimTimer {
  cancel(): void;
}

/** Simulated time: `speed` simulated seconds pass per real second, so tests and demos run fast. */
export interface SimClock {
  readonly speed: number;
  /** Simulated epoch milliseconds. */
  now(): number;
  after(simMs: number, fn: () => void): SimTimer;
}

export class AcceleratedClock implements SimClock {
  private readonly realStart = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly speed = 1,
    private readonly simStart = Date.now(),
  ) {
    if (!(speed > 0)) throw new Error(`speed must be > 0, got ${speed}`);
  }

  now(): number {
    return this.simStart + (Date.now() - this.realStart) * this.speed;
  }

  after(simMs: number, fn: () => void): SimTimer {
    const handle = setTimeout(
      () => {
        this.timers.delete(handle);
        fn();
      },
      Math.max(0, simMs / this.speed),
    );
    this.timers.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.timers.delete(handle);
      },
    };
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
