/** Whether an endpoint can take calls, as one AMI event or list says. */
export type EndpointObservation = 'up' | 'down';

/**
 * One endpoint's debounce: the last state acted on, and a change waiting for the debounce to pass.
 * A flapping network (down, up, down within the debounce) never reaches the agent's status.
 */
export interface EndpointTrack {
  settled: EndpointObservation | null;
  pending: { observation: EndpointObservation; dueAt: number } | null;
}

export const NEW_ENDPOINT_TRACK: EndpointTrack = { settled: null, pending: null };

export type DebounceStep =
  | { track: EndpointTrack; timer: 'keep' }
  | { track: EndpointTrack; timer: 'cancel' }
  | { track: EndpointTrack; timer: 'start'; dueAt: number };

/** An event arrived: start waiting, keep waiting, or forget a change that reverted in time. */
export function observeEndpoint(
  track: EndpointTrack,
  observation: EndpointObservation,
  now: number,
  debounceMs: number,
): DebounceStep {
  if (track.pending?.observation === observation) return { track, timer: 'keep' };
  if (track.settled === observation)
    return { track: { ...track, pending: null }, timer: track.pending ? 'cancel' : 'keep' };
  const dueAt = now + debounceMs;
  return { track: { ...track, pending: { observation, dueAt } }, timer: 'start', dueAt };
}

/** The debounce timer fired: the change to act on, if it still holds. */
export function settleEndpoint(
  track: EndpointTrack,
  now: number,
): { track: EndpointTrack; act: EndpointObservation | null } {
  if (!track.pending || track.pending.dueAt > now) return { track, act: null };
  return { track: { settled: track.pending.observation, pending: null }, act: track.pending.observation };
}

/**
 * res_pjsip's ContactStatus values: Removed (unregistered or expired) and Unreachable (qualify
 * failed) take the endpoint away; Reachable and NonQualified (registered, not qualified yet, see
 * fixtures/ami/register_unregister.ami) bring it back; Created/Updated/Unknown say nothing.
 */
export function contactStatusObservation(contactStatus: string): EndpointObservation | null {
  switch (contactStatus) {
    case 'Removed':
    case 'Unreachable':
      return 'down';
    case 'Reachable':
    case 'NonQualified':
      return 'up';
    default:
      return null;
  }
}

/** Device states: UNAVAILABLE (and INVALID: no such device) is gone; UNKNOWN says nothing. */
export function deviceStateObservation(state: string): EndpointObservation | null {
  if (state === 'UNAVAILABLE' || state === 'INVALID') return 'down';
  if (state === 'UNKNOWN' || state === '') return null;
  return 'up';
}

/** `PJSIP/1001` -> `1001`; null for pseudo-devices (`Queue:sales_pause_PJSIP/1001`, `Local/...`). */
export function extensionOfDevice(device: string): string | null {
  const match = /^(?:PJSIP|SIP|IAX2)\/([^/-]+)$/.exec(device);
  return match ? match[1] : null;
}
