import { Injectable } from '@nestjs/common';
import { AmiActionError, type AmiOutgoingFields } from '@cc/ami';
import { AmiConnectionService } from '../../ami/ami-connection.service';
import type { AmiActionOutcome, AmiActionPort } from '../../ami/ami-action.port';

// TODO(merge wip/core): delete this adapter and its provider once AmiModule exports AMI_ACTION_PORT
// (an action session on every instance). Until then actions go through this instance's AMI
// connection, which is connected on the ingesting instance only.
@Injectable()
export class AmiConnectionActionAdapter implements AmiActionPort {
  constructor(private readonly ami: AmiConnectionService) {}

  async send(action: AmiOutgoingFields, options?: { timeoutMs?: number }): Promise<AmiActionOutcome> {
    try {
      const result = await this.ami.action(action, { timeoutMs: options?.timeoutMs });
      return { success: true, message: result.response['Message'] ?? '' };
    } catch (error) {
      // An `Error` answer resolves, as the port promises; timeouts and a lost connection reject.
      if (error instanceof AmiActionError) return { success: false, message: error.message };
      throw error;
    }
  }
}
