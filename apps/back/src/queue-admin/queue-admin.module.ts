import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AmiModule } from '../ami/ami.module';
import { QueueEntity, QueueMemberEntity } from '../queues/entities/queue.entity';
import { SupervisorAuditModule } from '../supervisor/supervisor-audit.module';
import { QueueAdminController } from './queue-admin.controller';
import { QueueAdminService } from './queue-admin.service';

/** Admin REST for queues and members: Postgres, pushed to Asterisk over AMI, audited. */
@Module({
  imports: [TypeOrmModule.forFeature([QueueEntity, QueueMemberEntity]), AmiModule, SupervisorAuditModule],
  controllers: [QueueAdminController],
  providers: [QueueAdminService],
})
export class QueueAdminModule {}
