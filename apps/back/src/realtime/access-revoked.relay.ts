import { Injectable, Logger } from '@nestjs/common';
import type { AppEvents } from '../events/app-events';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { RealtimeServer } from './realtime.server';

/**
 * A revoked user's sockets are closed on every instance (each socket of a user is in `operator:{userId}`,
 * whatever the role); reconnecting with the old token is refused, so the app signs in again.
 */
@Injectable()
export class AccessRevokedRelay {
  private readonly logger = new Logger(AccessRevokedRelay.name);

  constructor(private readonly server: RealtimeServer) {}

  @OnAppEvent('user.access.revoked')
  accessRevoked({ userId }: AppEvents['user.access.revoked']): void {
    const room = `operator:${userId}` as const;
    this.server.emit([room], 'disconnect-reason', {
      code: 'ACCESS_REVOKED',
      message: 'an admin changed or disabled this account: sign in again',
    });
    // The reason and the disconnect go through the adapter in this order, to every instance.
    try {
      this.server.io?.in(room).disconnectSockets(true);
    } catch (error) {
      this.logger.warn(`closing the sockets of ${userId} failed: ${(error as Error).message}`);
    }
  }
}
