import { chanSpyOriginate, type AmiOutgoingFields } from '@cc/ami';
import type { ChannelStatusData, SpyMode } from '@cc/contracts';

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
 * name starts with it): `PJSIP/<agent>` names the agent's phone channels. The options per mode
 * (listen `q`, whisper `qw`, barge `qB`) are @cc/ami's.
 */
export function spyOriginate(
  supervisorExtension: string,
  agentExtension: string,
  mode: SpyMode,
): AmiOutgoingFields {
  return chanSpyOriginate({
    supervisorEndpoint: `PJSIP/${supervisorExtension}`,
    agentChannel: `PJSIP/${agentExtension}`,
    mode,
    callerId: { name: `Spy ${agentExtension}`, number: agentExtension },
  });
}
