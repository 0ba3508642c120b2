import { Injectable } from '@nestjs/common';
import { decodeAmiEvent, type AmiEvent } from '@cc/ami';
import { AmiActionSession } from './ami-action.session';

/**
 * List actions for features, from any instance over its action session: the items come out as the
 * typed events @cc/ami decodes (items it does not decode are left out), never as frames.
 */
@Injectable()
export class AmiEventListReader {
  constructor(private readonly session: AmiActionSession) {}

  get available(): boolean {
    return this.session.status === 'connected';
  }

  /** Rejects when Asterisk answers with an error (other than "nothing to list"), times out, or is unreachable. */
  async read(action: string, timeoutMs?: number): Promise<AmiEvent[]> {
    const answer = await this.session.list({ Action: action }, decodeAmiEvent, timeoutMs);
    if (!answer.ok) throw new Error(`${action} answered an error: ${answer.message}`);
    return answer.items;
  }
}
