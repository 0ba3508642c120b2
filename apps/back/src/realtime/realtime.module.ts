import { AccessModule } from '../access/access.module';
import { AccessRevokedRelay } from './access-revoked.relay';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveStatusModule } from '../live-status/live-status.module';
import { ClusterQuery } from './adapters/cluster-query';
import { PresenceRedisStore } from './adapters/presence.redis-store';
import { BroadcastController } from './broadcast.controller';
import { DomainEventRelay } from './domain-event.relay';
import { LiveFanoutService } from './live-fanout.service';
import { PresenceService } from './presence.service';
import { RealtimeStatsService } from './realtime-stats.service';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeMetrics } from './realtime.metrics';
import { RealtimeServer } from './realtime.server';
import { SocketAuthService } from './socket-auth.service';
import { StatsController } from './stats.controller';

/**
 * Socket.IO gateway (JWT, rooms, live snapshots then sequenced changes), REST broadcast for other
 * services, cluster-wide stats and presence. Downstream of live-status, agent-status and calls: it
 * only listens to their events. The Socket.IO server itself is made by RealtimeIoAdapter, which
 * configureApp (app.setup.ts) installs for main.ts and the test app alike.
 */
@Module({
  imports: [AuthModule, AccessModule, LiveStatusModule],
  controllers: [BroadcastController, StatsController],
  providers: [
    RealtimeServer,
    AccessRevokedRelay,
    ClusterQuery,
    SocketAuthService,
    LiveFanoutService,
    PresenceRedisStore,
    PresenceService,
    RealtimeStatsService,
    RealtimeMetrics,
    DomainEventRelay,
    RealtimeGateway,
  ],
})
export class RealtimeModule {}
