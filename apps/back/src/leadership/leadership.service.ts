import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { leadershipConfig, type LeadershipConfig } from '../config/leadership.config';
import { AppEventBus } from '../events/app-event.bus';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../redis/redis.tokens';
import { LeaderElector } from './leader-elector';
import { INGESTION_LEASE, leaseKeys } from './leadership.redis-keys';
import { RedisLease } from './redis-lease';

/** What a fenced write checks inside Redis: the lease key still holds exactly `value`. */
export interface LeaseFence {
  key: string;
  value: string;
}

export interface HeldLease {
  name: string;
  fence: LeaseFence;
  /** Grows with every acquisition of this lease, whoever takes it. */
  fencingToken: number;
}

export interface LeaseListener {
  elected(lease: HeldLease): void;
  deposed(reason: string): void;
}

/** A named lease this instance competes for; `stop()` stops competing and releases it if held. */
export interface LeaseHandle {
  readonly held: HeldLease | null;
  stop(): Promise<void>;
}

/**
 * Exactly one actor among all instances on one Redis: Redis leases with fencing tokens, renewed by a
 * LeaderElector. The ingestion lease decides which instance ingests AMI; its changes go out as
 * `leadership.changed`. Any other single actor (wrap-up timers, the dialer, a reconciler) takes its own
 * named lease with `takeLease`.
 */
@Injectable()
export class LeadershipService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeadershipService.name);
  private readonly leases = new Map<string, { elector: LeaderElector; held: HeldLease | null }>();
  private bootstrapped = false;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) private readonly keyPrefix: string,
    @Inject(leadershipConfig.KEY) private readonly config: LeadershipConfig,
    private readonly bus: AppEventBus,
  ) {
    this.compete(INGESTION_LEASE, {
      elected: (lease) => {
        this.logger.log(
          `[${config.instanceId}] took the ingestion lease (fencing token ${lease.fencingToken})`,
        );
        this.emit('leader');
      },
      deposed: (reason) => {
        this.logger.warn(`[${config.instanceId}] no longer holds the ingestion lease: ${reason}`);
        this.emit('standby');
      },
    });
  }

  get instanceId(): string {
    return this.config.instanceId;
  }

  /** True while this instance holds the ingestion lease. */
  get isLeader(): boolean {
    return this.leases.get(INGESTION_LEASE)?.held != null;
  }

  /** The ingestion lease's fence while held: ingestion writes carry it so Redis refuses a stale holder. */
  get fence(): LeaseFence | null {
    return this.leases.get(INGESTION_LEASE)?.held?.fence ?? null;
  }

  /** Competes for the lease `name` (not `ingestion`) from now until the handle is stopped. */
  takeLease(name: string, listener: LeaseListener): LeaseHandle {
    if (this.leases.has(name)) throw new Error(`lease ${name} is already taken by this instance`);
    const entry = this.compete(name, listener);
    if (this.bootstrapped) entry.elector.start();
    return {
      get held() {
        return entry.held;
      },
      stop: async () => {
        this.leases.delete(name);
        await entry.elector.stop();
      },
    };
  }

  onApplicationBootstrap(): void {
    this.bootstrapped = true;
    for (const { elector } of this.leases.values()) elector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Releasing lets a standby take over at once instead of waiting for the TTL.
    await Promise.all([...this.leases.values()].map(({ elector }) => elector.stop()));
  }

  private compete(name: string, listener: LeaseListener): { elector: LeaderElector; held: HeldLease | null } {
    const keys = leaseKeys(this.keyPrefix, name);
    const lease = new RedisLease(
      this.redis,
      keys.lease,
      keys.fencing,
      this.config.instanceId,
      this.config.leaseTtlMs,
    );
    const entry: { elector: LeaderElector; held: HeldLease | null } = {
      held: null,
      elector: new LeaderElector(
        lease,
        {
          ttlMs: this.config.leaseTtlMs,
          intervalMs: this.config.leaseRenewIntervalMs,
          onError: (error) =>
            this.logger.warn(`lease ${name}: ${error instanceof Error ? error.message : String(error)}`),
        },
        {
          elected: (grant) => {
            entry.held = {
              name,
              fence: { key: keys.lease, value: grant.value },
              fencingToken: grant.fencingToken,
            };
            listener.elected(entry.held);
          },
          deposed: (reason) => {
            entry.held = null;
            listener.deposed(reason);
          },
        },
      ),
    };
    this.leases.set(name, entry);
    return entry;
  }

  private emit(role: 'leader' | 'standby'): void {
    this.bus.emit('leadership.changed', {
      role,
      instanceId: this.config.instanceId,
      at: new Date().toISOString(),
    });
  }
}
