import type { LeaseGrant, RedisLease } from './redis-lease';

export interface LeadershipListener {
  elected(grant: LeaseGrant): void;
  deposed(reason: string): void;
}

export interface LeaderElectorOptions {
  /** How long the lease lives without renewal; a dead leader is replaced within about this time. */
  ttlMs: number;
  /** How often the leader renews and a standby tries to take over; well under ttlMs. */
  intervalMs: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Keeps trying to hold the ingestion lease. The leader renews it every interval; when a renewal fails
 * or cannot be confirmed before the lease would have expired, it steps down at once, because by then
 * another instance may already hold it.
 */
export class LeaderElector {
  private timer: NodeJS.Timeout | null = null;
  private grant: LeaseGrant | null = null;
  private lastConfirmedAt = 0;
  private ticking = false;
  private readonly now: () => number;

  constructor(
    private readonly lease: RedisLease,
    private readonly options: LeaderElectorOptions,
    private readonly listener: LeadershipListener,
  ) {
    this.now = options.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.grant !== null;
  }

  get fencingToken(): number | null {
    return this.grant?.fencingToken ?? null;
  }

  get leaseValue(): string | null {
    return this.grant?.value ?? null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const grant = this.grant;
    if (!grant) return;
    this.step('stopped');
    // Releasing lets a standby take over at once instead of waiting for the TTL.
    await this.lease.release(grant).catch((error: unknown) => this.options.onError?.(error));
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (this.grant) await this.renew(this.grant);
      else await this.acquire();
    } finally {
      this.ticking = false;
    }
  }

  private async acquire(): Promise<void> {
    try {
      const grant = await this.lease.tryAcquire();
      if (!grant || !this.timer) return;
      this.grant = grant;
      this.lastConfirmedAt = this.now();
      this.listener.elected(grant);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async renew(grant: LeaseGrant): Promise<void> {
    const startedAt = this.now();
    try {
      const renewed = await this.lease.renew(grant);
      if (this.grant !== grant) return;
      if (renewed) {
        this.lastConfirmedAt = startedAt;
        return;
      }
      this.step('lease lost to another instance');
    } catch (error) {
      this.options.onError?.(error);
      if (this.grant === grant && this.now() - this.lastConfirmedAt >= this.options.ttlMs) {
        this.step('lease could not be renewed before it expired');
      }
    }
  }

  private step(reason: string): void {
    this.grant = null;
    this.listener.deposed(reason);
  }
}
