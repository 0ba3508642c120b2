import type { AgentStatus } from '@cc/contracts';

/** What Asterisk's queue pause should be for a status: unpaused, paused with a reason, or untouched. */
export type DesiredPause = { paused: false } | { paused: true; reason: string } | null;

/**
 * As the system we replace mapped it: ONLINE takes calls; ON_CALL is left as it is (Asterisk already
 * knows the member is busy); every other status pauses, with the given reason or else the status name.
 */
export function desiredPause(status: AgentStatus, reason: string | null): DesiredPause {
  if (status === 'ONLINE') return { paused: false };
  if (status === 'ON_CALL') return null;
  return { paused: true, reason: reason !== null && reason !== '' ? reason : status };
}
