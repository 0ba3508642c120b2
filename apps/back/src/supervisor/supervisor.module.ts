import { Module } from '@nestjs/common';
import { AmiModule } from '../ami/ami.module';
import { LiveStatusModule } from '../live-status/live-status.module';
import { SupervisorAuditModule } from './supervisor-audit.module';
import { SupervisorSpyService } from './supervisor-spy.service';
import { SupervisorController } from './supervisor.controller';

/** Supervisor controls on live calls (listen, whisper, barge). Forced statuses live in agent-status. */
@Module({
  imports: [AmiModule, LiveStatusModule, SupervisorAuditModule],
  controllers: [SupervisorController],
  providers: [SupervisorSpyService],
})
export class SupervisorModule {}
