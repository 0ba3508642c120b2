export interface OutageAlarmHooks {
  /** The dependency has been down for the whole threshold. */
  raise(downSince: Date): void;
  /** It came back after an alert was raised. */
  recover(downSince: Date, upAt: Date): void;
}

export interface AlarmClock {
  now(): Date;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Alerts once when a dependency stays down for `thresholdMs`, and once when it comes back after that
 * alert. A blip shorter than the threshold says nothing; repeated "down" reports do not restart the clock.
 */
export class OutageAlarm {
  private downSince: Date | null = null;
  private raised = false;
  private timer: unknown = null;

  constructor(
    private readonly thresholdMs: number,
    private readonly hooks: OutageAlarmHooks,
    private readonly clock: AlarmClock,
  ) {}

  down(): void {
    if (this.downSince) return;
    const since = this.clock.now();
    this.downSince = since;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.raised = true;
      this.hooks.raise(since);
    }, this.thresholdMs);
  }

  up(): void {
    const since = this.downSince;
    if (!since) return;
    this.downSince = null;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.raised) {
      this.raised = false;
      this.hooks.recover(since, this.clock.now());
    }
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
