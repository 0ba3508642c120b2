import type { AmiOutgoingFields } from '@cc/ami';

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
 * Fields per the Originate action (main/manager.c action_originate: Channel, Context, Exten, Priority,
 * Timeout in ms, CallerID, Variable, Async, ChannelId).
 * TODO(lead): use `originate` from @cc/ami once wip/ami lands it; these are the same fields.
 */
export function dialerOriginateAction(request: DialerOriginate): AmiOutgoingFields {
  const callerName = (request.leadName ?? request.phone).replace(/["<>]/g, '');
  return {
    Action: 'Originate',
    Channel: `PJSIP/${request.agentExtension}`,
    Context: request.context,
    Exten: request.phone,
    Priority: 1,
    Timeout: request.agentRingSeconds * 1000,
    // What the agent's phone shows: who is about to be called.
    CallerID: `"${callerName}" <${request.phone}>`,
    Async: 'true',
    ChannelId: request.channelId,
    Variable: Object.entries(request.variables).map(([name, value]) => `${name}=${value}`),
  };
}
