import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { AmiActionSession } from './ami-action.session';
import { AMI_ACTION_PORT } from './ami-action.port';
import { AmiConnectionService } from './ami-connection.service';
import { EmbeddedPbxService } from './embedded-pbx.service';

/**
 * The AMI edge: the event session the ingesting instance connects (AmiConnectionService), and every
 * instance's own action-only session behind AMI_ACTION_PORT (to Asterisk or the built-in simulator).
 */
@Module({
  imports: [HealthModule],
  providers: [
    EmbeddedPbxService,
    AmiConnectionService,
    AmiActionSession,
    { provide: AMI_ACTION_PORT, useExisting: AmiActionSession },
  ],
  exports: [AmiConnectionService, AmiActionSession, AMI_ACTION_PORT],
})
export class AmiModule {}
