import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AmiModule } from '../ami/ami.module';
import { LiveStatusModule } from '../live-status/live-status.module';
import { SupervisorAuditModule } from '../supervisor/supervisor-audit.module';
import { AgentStatusRepository } from './adapters/agent-status.repository';
import { CallQueueAttributions } from './adapters/call-queue.redis';
import { EndpointListsAmiReader } from './adapters/endpoint-lists.ami-reader';
import { ObservedPauseReader } from './adapters/observed-pause.reader';
import { AgentAvailabilityService } from './agent-availability.service';
import { AgentCallTracker } from './agent-call.tracker';
import { AgentStatusController } from './agent-status.controller';
import { AgentStatusService } from './agent-status.service';
import { EndpointSyncCron } from './endpoint-sync.cron';
import { EndpointTracker } from './endpoint.tracker';
import { PauseReasonEntity } from './entities/pause-reason.entity';
import { PauseMirrorService } from './pause-mirror.service';
import { PauseReasonsController } from './pause-reasons.controller';
import { PauseReasonsService } from './pause-reasons.service';
import { PauseDriftMetrics } from './pause-drift.metrics';
import { PauseReconcilerService } from './pause-reconciler.service';
import { WrapUpScheduler } from './wrap-up.scheduler';

/**
 * Agent status on the server: the one place a status changes (history, events), its mirror to
 * Asterisk's queue pause with the reconcile, wrap-up, calls and endpoints as automatic transitions,
 * the pause-reason catalogue, and the REST API.
 */
@Module({
  imports: [
    AmiModule,
    LiveStatusModule,
    SupervisorAuditModule,
    TypeOrmModule.forFeature([PauseReasonEntity]),
  ],
  controllers: [AgentStatusController, PauseReasonsController],
  providers: [
    AgentStatusRepository,
    ObservedPauseReader,
    PauseReasonsService,
    PauseMirrorService,
    AgentStatusService,
    PauseReconcilerService,
    PauseDriftMetrics,
    WrapUpScheduler,
    AgentCallTracker,
    EndpointTracker,
    EndpointListsAmiReader,
    EndpointSyncCron,
    CallQueueAttributions,
    AgentAvailabilityService,
  ],
  exports: [AgentStatusService, AgentAvailabilityService],
})
export class AgentStatusModule {}
