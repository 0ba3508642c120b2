import { type AmiOutgoingFields, originate } from '@cc/ami';

export interface DialerOriginate {
  agentExtension: string;
  phone: string;
  leadName: string | null;
  /** Dialplan context that dials external numbers (`Exten` = the lead's number). */
  context: string;
  /** Becomes the channel's Uniqueid on Asterisk (ChannelId), so the answer and the hangup find the attempt. */
  channelId: string;
  agentRingSeconds: number;
  variables: Record<string, string>;
}

/**
 * Agent first: Asterisk rings the reserved agent and, once the agent answered, runs `context`/`phone`,
 * which dials the lead. A lead who answers always finds an agent on the line: no abandoned call.
 */
export function dialerOriginateAction(request: DialerOriginate): AmiOutgoingFields {
  return originate({
    channel: `PJSIP/${request.agentExtension}`,
    context: request.context,
    exten: request.phone,
    timeoutMs: request.agentRingSeconds * 1000,
    // What the agent's phone shows: who is about to be called.
    callerId: { name: request.leadName ?? request.phone, number: request.phone },
    variables: request.variables,
    channelId: request.channelId,
  });
}
