import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { AgentStatusModule } from '../agent-status/agent-status.module';
import { AmiModule } from '../ami/ami.module';
import { BusModule } from '../bus/bus.module';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../redis/redis.tokens';
import { AgentStatusAvailability } from './adapters/agent-availability.agent-status';
import { RedisAgentReservations } from './adapters/agent-reservation.redis';
import { DialerRepository } from './adapters/dialer.repository';
import { DIALER_AGENT_AVAILABILITY } from './dialer-agent-availability.port';
import { DialerAgents } from './dialer-agents';
import { DialerCallTracker } from './dialer-call.tracker';
import { DialerLeadConsumer } from './dialer-lead.consumer';
import { DialerController } from './dialer.controller';
import { DialerService } from './dialer.service';
import { FreeAgentSignal } from './free-agent.signal';

// Released when the call ends; the lifetime only frees an agent whose instance died mid-call.
const RESERVATION_TTL_MS = 4 * 3_600_000;

/** The progressive autodialer (docs/dialer.md). AMI actions go through AMI_ACTION_PORT when AmiModule provides it. */
@Module({
  imports: [BusModule, AmiModule, AgentStatusModule],
  controllers: [DialerController],
  providers: [
    DialerRepository,
    DialerService,
    DialerAgents,
    DialerCallTracker,
    DialerLeadConsumer,
    FreeAgentSignal,
    { provide: DIALER_AGENT_AVAILABILITY, useClass: AgentStatusAvailability },
    {
      provide: RedisAgentReservations,
      inject: [REDIS_CLIENT, REDIS_KEY_PREFIX],
      useFactory: (redis: Redis, prefix: string) =>
        new RedisAgentReservations(redis, prefix, RESERVATION_TTL_MS),
    },
  ],
})
export class DialerModule {}
