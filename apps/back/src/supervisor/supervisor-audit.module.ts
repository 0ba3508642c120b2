import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SupervisorActionEntity } from './entities/supervisor-action.entity';
import { SupervisorAuditService } from './supervisor-audit.service';

/** The audit trail of supervisor actions, written by agent-status (forced statuses) and supervisor (spy). */
@Module({
  imports: [TypeOrmModule.forFeature([SupervisorActionEntity])],
  providers: [SupervisorAuditService],
  exports: [SupervisorAuditService],
})
export class SupervisorAuditModule {}
