/**
 * The seam between the SIP-over-WebSocket registrar and the simulated PBX core.
 * The registrar speaks SIP; the core turns what it reports into AMI events (ContactStatus,
 * PeerStatus, DeviceStateChange, QueueMemberStatus, ChallengeSent/SuccessfulAuth...) and decides
 * when to ring an endpoint.
 */

export interface SipContact {
  /** Endpoint / AOR name, e.g. `1004`. */
  endpoint: string;
  /** Contact URI as Asterisk reports it, e.g. `sip:abcd@127.0.0.1:40123;transport=WS;x-ast-orig-host=xyz.invalid:0`. */
  uri: string;
  userAgent: string;
  viaAddr: string;
  viaPort: number;
  callId: string;
  /** Epoch seconds at which the registration expires. */
  expiresAt: number;
}

export interface SipAuthAttempt {
  endpoint: string;
  callId: string;
  /** `IPV4/WS/127.0.0.1/40123` style, as in Asterisk's security events. */
  remoteAddress: string;
  localAddress: string;
}

export type SipContactRemovalCause = 'unregister' | 'expired' | 'transport-closed';

export interface SipRegistrarListener {
  challengeSent(attempt: SipAuthAttempt): void;
  authSucceeded(attempt: SipAuthAttempt): void;
  authFailed(attempt: SipAuthAttempt): void;
  /** A new contact was bound (NonQualified until the first qualify answers). */
  contactAdded(contact: SipContact): void;
  /** A qualify OPTIONS was answered. */
  contactReachable(contact: SipContact, roundtripUsec: number): void;
  /** A qualify OPTIONS went unanswered within the qualify timeout. */
  contactUnreachable(contact: SipContact): void;
  contactRemoved(contact: SipContact, cause: SipContactRemovalCause): void;
}

export interface SipInviteRequest {
  endpoint: string;
  callerNumber: string;
  callerName: string;
}

export type SipCallEndReason =
  'remote-bye' | 'local-bye' | 'cancelled' | 'rejected' | 'transport-closed' | 'no-contact';

export interface SipCallObserver {
  ringing(): void;
  answered(): void;
  ended(reason: SipCallEndReason): void;
}

export interface SipCallHandle {
  readonly callId: string;
  /** Hang up from the PBX side: CANCEL before answer, BYE after. */
  hangup(): void;
}

/**
 * A simulated network fault on one endpoint: `unregister` drops its binding, `unreachable` makes its
 * qualify fail; both keep its REGISTERs from arriving until the fault is lifted (null).
 */
export type SipEndpointFault = 'unregister' | 'unreachable' | null;

export interface SipRegistrarPort {
  hasContact(endpoint: string): boolean;
  contacts(): SipContact[];
  /** Send an INVITE (with an SDP offer) to the endpoint's registered contact. */
  invite(request: SipInviteRequest, observer: SipCallObserver): SipCallHandle;
  setEndpointFault?(endpoint: string, fault: SipEndpointFault): void;
}
