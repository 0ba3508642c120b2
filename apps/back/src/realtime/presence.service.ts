import type { AuthenticatedUser } from '@cc/contracts';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PRESENCE_ENTRY_TTL_MS, PresenceRedisStore } from './adapters/presence.redis-store';
import { RealtimeServer } from './realtime.server';

const PRESENCE_AUDIENCE = ['supervisors', 'admins'] as const;

/**
 * `user:online` when a user's first socket opens on any instance, `user:offline` when their last one
 * closes: a user with two tabs on two instances stays online until both are gone. Redis down: the
 * announcements are skipped (logged), sockets keep working.
 */
@Injectable()
export class PresenceService implements OnApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  private readonly local = new Map<string, AuthenticatedUser>();
  private readonly refreshTimer: NodeJS.Timeout;

  constructor(
    private readonly store: PresenceRedisStore,
    private readonly server: RealtimeServer,
  ) {
    this.refreshTimer = setInterval(() => void this.refresh(), PRESENCE_ENTRY_TTL_MS / 3);
    this.refreshTimer.unref();
  }

  async socketAuthenticated(socketId: string, user: AuthenticatedUser): Promise<void> {
    this.local.set(socketId, user);
    try {
      if (await this.store.add(user.id, socketId, Date.now())) this.announce('user:online', user);
    } catch (error) {
      this.logger.warn(
        `[${socketId}] presence not recorded for ${user.username}: ${(error as Error).message}`,
      );
    }
  }

  async socketClosed(socketId: string): Promise<void> {
    const user = this.local.get(socketId);
    if (!user) return;
    this.local.delete(socketId);
    try {
      if (await this.store.remove(user.id, socketId, Date.now())) this.announce('user:offline', user);
    } catch (error) {
      this.logger.warn(
        `[${socketId}] presence not cleared for ${user.username}: ${(error as Error).message}`,
      );
    }
  }

  /** Distinct users with a socket on this instance. */
  localUserIds(): string[] {
    return [...new Set([...this.local.values()].map((user) => user.id))];
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refreshTimer);
    await Promise.all([...this.local.keys()].map((socketId) => this.socketClosed(socketId)));
  }

  private announce(event: 'user:online' | 'user:offline', user: AuthenticatedUser): void {
    this.server.emit(PRESENCE_AUDIENCE, event, {
      userId: user.id,
      username: user.username,
      role: user.role,
      at: new Date().toISOString(),
    });
  }

  private async refresh(): Promise<void> {
    const entries = [...this.local.entries()].map(([socketId, user]) => ({ socketId, userId: user.id }));
    try {
      await this.store.refresh(entries, Date.now());
    } catch (error) {
      this.logger.warn(`presence refresh failed: ${(error as Error).message}`);
    }
  }
}
