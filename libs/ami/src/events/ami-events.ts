import type { AmiMessage } from '../ami-message';

/**
 * AMI events as typed objects: the back end's features see these, never raw frames. Each carries the
 * Asterisk event name in `type` and only the fields features use, already parsed (numbers as numbers,
 * booleans as booleans). The set grows with what features need; the live-state reducer keeps reading
 * frames through its own input adapter, because it needs nearly every header.
 */

/** res_pjsip ContactStatus: a contact of an AOR was created, removed, or changed reachability. */
export interface ContactStatusEvent {
  type: 'ContactStatus';
  /** `1001` (the AOR / endpoint name). */
  aor: string;
  endpointName: string;
  uri: string;
  /** Created, Removed, Reachable, Unreachable, NonQualified, Unknown, Updated. */
  contactStatus: string;
}

/** Core DeviceStateChange for a device such as `PJSIP/1001`. */
export interface DeviceStateChangeEvent {
  type: 'DeviceStateChange';
  device: string;
  /** NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD, UNKNOWN. */
  state: string;
}

export type AmiEvent = ContactStatusEvent | DeviceStateChangeEvent;
export type AmiEventType = AmiEvent['type'];

/** The typed event for a frame, or null when no feature uses that event. */
export function decodeAmiEvent(frame: AmiMessage): AmiEvent | null {
  switch (frame['Event']) {
    case 'ContactStatus':
      return {
        type: 'ContactStatus',
        aor: frame['AOR'] ?? '',
        endpointName: frame['EndpointName'] ?? '',
        uri: frame['URI'] ?? '',
        contactStatus: frame['ContactStatus'] ?? '',
      };
    case 'DeviceStateChange':
      return { type: 'DeviceStateChange', device: frame['Device'] ?? '', state: frame['State'] ?? '' };
    default:
      return null;
  }
}
