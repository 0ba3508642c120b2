import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { AmiConnectionService } from './ami-connection.service';
import { EmbeddedPbxService } from './embedded-pbx.service';

/** The AMI edge: one connection to Asterisk (or to the built-in simulator). */
@Module({
  imports: [HealthModule],
  providers: [EmbeddedPbxService, AmiConnectionService],
  exports: [AmiConnectionService],
})
export class AmiModule {}
