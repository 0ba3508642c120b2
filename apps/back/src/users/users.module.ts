import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { SupervisorAuditModule } from '../supervisor/supervisor-audit.module';
import { AdminAccountBootstrap } from './admin-account.bootstrap';
import { UserEntity } from './entities/user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), SupervisorAuditModule, AccessModule],
  controllers: [UsersController],
  providers: [UsersService, AdminAccountBootstrap],
  exports: [UsersService],
})
export class UsersModule {}
