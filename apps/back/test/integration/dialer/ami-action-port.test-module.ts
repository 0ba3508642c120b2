import type { AmiOutgoingFields } from '@cc/ami';
import { Global, Module } from '@nestjs/common';
import { AMI_ACTION_PORT, type AmiActionOutcome, type AmiActionPort } from '../../../src/ami/ami-action.port';
import { AmiConnectionService } from '../../../src/ami/ami-connection.service';
import { AmiModule } from '../../../src/ami/ami.module';

/**
 * AMI_ACTION_PORT over this instance's own AMI connection, until the real adapter (wip/core) provides
 * the port from AmiModule. It sends the very action to the simulator over TCP, as the adapter will.
 */
@Global()
@Module({
  imports: [AmiModule],
  providers: [
    {
      provide: AMI_ACTION_PORT,
      inject: [AmiConnectionService],
      useFactory: (ami: AmiConnectionService): AmiActionPort => ({
        async send(action: AmiOutgoingFields, options?: { timeoutMs?: number }): Promise<AmiActionOutcome> {
          const result = await ami.action(action, { timeoutMs: options?.timeoutMs });
          return {
            success: result.response['Response'] === 'Success',
            message: result.response['Message'] ?? '',
          };
        },
      }),
    },
  ],
  exports: [AMI_ACTION_PORT],
})
export class AmiActionPortTestModule {}
