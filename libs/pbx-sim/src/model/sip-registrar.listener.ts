import {
  SipAuthAttempt,
  SipContact,
  SipContactRemovalCause,
  SipRegistrarListener,
} from '../sip/sip-registrar.port';
import { PbxModel } from './pbx-model';

/** Turns what the SIP-over-WebSocket registrar reports into the model's PJSIP state and AMI events. */
export class ModelSipRegistrarListener implements SipRegistrarListener {
  constructor(private readonly model: () => PbxModel) {}

  challengeSent(a: SipAuthAttempt): void {
    this.model().securityEvent('ChallengeSent', a.endpoint, a.callId, a.remoteAddress, [['Challenge', '']]);
  }

  authSucceeded(a: SipAuthAttempt): void {
    this.model().securityEvent('SuccessfulAuth', a.endpoint, a.callId, a.remoteAddress, [
      ['UsingPassword', '1'],
    ]);
  }

  authFailed(a: SipAuthAttempt): void {
    this.model().securityEvent(
      'ChallengeResponseFailed',
      a.endpoint,
      a.callId,
      a.remoteAddress,
      [
        ['Challenge', ''],
        ['Response', ''],
        ['ExpectedResponse', ''],
      ],
      'Error',
    );
  }

  contactAdded(c: SipContact): void {
    this.model().contactAdded({
      endpoint: c.endpoint,
      id: `${c.endpoint};@${c.callId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 32)}`,
      uri: c.uri,
      userAgent: c.userAgent,
      viaAddr: c.viaAddr,
      viaPort: c.viaPort,
      callId: c.callId,
      expiresAt: c.expiresAt,
      status: 'NonQualified',
      roundtripUsec: 0,
      ws: true,
    });
  }

  contactReachable(c: SipContact, roundtripUsec: number): void {
    this.model().qualifyAnswered(c.endpoint, roundtripUsec);
  }

  contactUnreachable(c: SipContact): void {
    this.model().qualifyFailed(c.endpoint);
  }

  contactRemoved(c: SipContact, _cause: SipContactRemovalCause): void {
    this.model().removeContact(c.endpoint);
  }
}
