import type { ChannelStatusData, SpyMode } from '@cc/contracts';

/**
 * app_chanspy options per mode: `q` quiet (no beep, no name announced to the supervisor), `w`
 * whisper (the supervisor talks to the agent only), `B` barge (the supervisor talks to both parties).
 * Listening is `q` alone.
 */
export const SPY_OPTIONS: Record<SpyMode, string> = { listen: 'q', whisper: 'qw', barge: 'qB' };

/** The agent's channel in a call: their phone's channel (`PJSIP/1001-…`), up and in a bridge. */
export function agentCallChannel(
  extension: string,
  channels: readonly ChannelStatusData[],
): ChannelStatusData | null {
  const prefix = `PJSIP/${extension}-`;
  return channels.find((c) => c.name.startsWith(prefix) && c.state === 'UP' && c.bridgeId !== null) ?? null;
}

/**
 * Originate that rings the supervisor's phone and, once answered, runs ChanSpy on the agent's
 * channel. ChanSpy's first argument is a channel-name prefix (app_chanspy.c walks the channels whose
 * name starts with it): `PJSIP/<agent>` names the agent's phone channels.
 */
export function chanSpyOriginateFields(
  supervisorExtension: string,
  agentExtension: string,
  mode: SpyMode,
): Record<string, string> {
  return {
    Action: 'Originate',
    Channel: `PJSIP/${supervisorExtension}`,
    Application: 'ChanSpy',
    Data: `PJSIP/${agentExtension},${SPY_OPTIONS[mode]}`,
    CallerID: `"Spy ${agentExtension}" <${agentExtension}>`,
    Async: 'true',
  };
}
