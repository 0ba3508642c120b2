import { getHeader, SipHeader, SipMessage, SipRequest, SipResponse } from './sip-message.codec';
import {
  buildResponse,
  newBranch,
  newCallId,
  newTag,
  SIM_ALLOW,
  SIM_USER_AGENT,
} from './sip-message.factory';
import { parseCSeq, parseNameAddr } from './sip-header.parser';
import { buildSdpOffer } from './sip-sdp.offer';
import type {
  SipCallEndReason,
  SipCallHandle,
  SipCallObserver,
  SipInviteRequest,
} from './sip-registrar.port';

export interface SipCallLeg {
  /** Where the phone said it can be reached (its registered Contact URI). */
  targetUri: string;
  /** Host:port we put in Via and Contact. */
  localHostPort: string;
  localAddress: string;
  send(message: SipMessage): void;
}

type CallState = 'calling' | 'proceeding' | 'confirmed' | 'ended';

/**
 * One INVITE client transaction plus the dialog it creates, over a reliable transport (WebSocket), so no
 * retransmission timers: RFC 3261 section 17.1.1 timer A only runs over UDP.
 */
export class SipOutboundCall implements SipCallHandle {
  readonly callId = newCallId();
  private readonly fromTag = newTag();
  private readonly inviteBranch = newBranch();
  private readonly inviteSeq = 102;
  private readonly from: string;
  private readonly toWithoutTag: string;
  private state: CallState = 'calling';
  private ringingReported = false;
  private remoteTag: string | undefined;
  private remoteTarget: string | undefined;
  private cancelWhenProvisional = false;
  private cancelRequested = false;
  private endReported = false;
  private byeSent = false;
  private finalResponseSeen = false;
  private transportGone = false;

  constructor(
    private readonly request: SipInviteRequest,
    private readonly leg: SipCallLeg,
    private readonly observer: SipCallObserver,
  ) {
    this.from = `${quoteDisplayName(request.callerName)}<sip:${request.callerNumber}@${leg.localAddress}>;tag=${this.fromTag}`;
    this.toWithoutTag = `<${leg.targetUri}>`;
  }

  /** Ended and expecting no more messages: a CANCEL still waits for the INVITE's final response. */
  get isDone(): boolean {
    return this.state === 'ended' && (!this.cancelRequested || this.finalResponseSeen || this.transportGone);
  }

  start(): void {
    this.leg.send({
      kind: 'request',
      method: 'INVITE',
      uri: this.leg.targetUri,
      headers: [
        ...this.baseHeaders(this.inviteBranch, `${this.inviteSeq} INVITE`, this.toWithoutTag),
        { name: 'Contact', value: `<sip:asterisk@${this.leg.localHostPort};transport=ws>` },
        { name: 'Allow', value: SIM_ALLOW },
        { name: 'Supported', value: '100rel, timer, replaces, norefersub' },
        {
          name: 'P-Asserted-Identity',
          value: `${quoteDisplayName(this.request.callerName)}<sip:${this.request.callerNumber}@${this.leg.localAddress}>`,
        },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: buildSdpOffer({ address: this.leg.localAddress }),
    });
  }

  hangup(): void {
    if (this.state === 'confirmed') {
      this.sendBye();
      this.end('local-bye');
    } else if (this.state === 'proceeding') {
      this.cancelRequested = true;
      this.sendCancel();
      this.end('cancelled');
    } else if (this.state === 'calling') {
      this.cancelRequested = true;
      // RFC 3261 section 9.1: no CANCEL before a provisional response; send it when one arrives.
      this.cancelWhenProvisional = true;
      this.end('cancelled');
    }
  }

  handleResponse(response: SipResponse): void {
    const cseq = parseCSeq(getHeader(response, 'CSeq') ?? '');
    if (cseq.method !== 'INVITE') {
      return;
    }
    if (response.status >= 200) {
      this.finalResponseSeen = true;
    }
    if (response.status < 200) {
      this.onProvisional(response);
    } else if (response.status < 300) {
      this.onSuccess(response);
    } else {
      this.onFailure(response);
    }
  }

  /** A BYE from the phone inside this dialog. */
  handleBye(request: SipRequest): SipResponse {
    if (this.state === 'ended') {
      return buildResponse(request, 481);
    }
    this.end('remote-bye');
    return buildResponse(request, 200);
  }

  transportClosed(): void {
    this.transportGone = true;
    this.end('transport-closed');
  }

  private onProvisional(response: SipResponse): void {
    if (this.cancelWhenProvisional) {
      this.cancelWhenProvisional = false;
      this.sendCancel();
      return;
    }
    if (this.state === 'calling') {
      this.state = 'proceeding';
    }
    if (response.status !== 100 && !this.ringingReported && this.state === 'proceeding') {
      this.ringingReported = true;
      this.observer.ringing();
    }
  }

  private onSuccess(response: SipResponse): void {
    this.remoteTag = parseNameAddr(getHeader(response, 'To') ?? '').params['tag'] ?? undefined;
    this.remoteTarget = parseNameAddr(getHeader(response, 'Contact') ?? `<${this.leg.targetUri}>`).uri;
    // A retransmitted 200 (the UAS repeats it until it sees our ACK) gets the same ACK again.
    this.sendAck();
    if (this.state === 'calling' || this.state === 'proceeding') {
      this.state = 'confirmed';
      this.observer.answered();
    } else if (this.cancelRequested && !this.byeSent) {
      // We gave up (CANCEL) but the phone answered first: the dialog exists, so close it.
      this.sendBye();
    }
  }

  private onFailure(response: SipResponse): void {
    // RFC 3261 section 17.1.1.3: the transaction itself ACKs a non-2xx final response, same branch.
    this.leg.send({
      kind: 'request',
      method: 'ACK',
      uri: this.leg.targetUri,
      headers: this.baseHeaders(
        this.inviteBranch,
        `${this.inviteSeq} ACK`,
        getHeader(response, 'To') ?? this.toWithoutTag,
      ),
      body: '',
    });
    this.end('rejected');
  }

  private sendAck(): void {
    this.leg.send({
      kind: 'request',
      method: 'ACK',
      uri: this.remoteTarget ?? this.leg.targetUri,
      headers: this.baseHeaders(newBranch(), `${this.inviteSeq} ACK`, this.toWithTag()),
      body: '',
    });
  }

  private sendBye(): void {
    this.byeSent = true;
    this.leg.send({
      kind: 'request',
      method: 'BYE',
      uri: this.remoteTarget ?? this.leg.targetUri,
      headers: [
        ...this.baseHeaders(newBranch(), `${this.inviteSeq + 1} BYE`, this.toWithTag()),
        { name: 'Reason', value: 'Q.850;cause=16' },
      ],
      body: '',
    });
  }

  private sendCancel(): void {
    // RFC 3261 section 9.1: same Request-URI, Call-ID, From, To, CSeq number and branch as the INVITE.
    this.leg.send({
      kind: 'request',
      method: 'CANCEL',
      uri: this.leg.targetUri,
      headers: [
        ...this.baseHeaders(this.inviteBranch, `${this.inviteSeq} CANCEL`, this.toWithoutTag),
        { name: 'Reason', value: 'Q.850;cause=16' },
      ],
      body: '',
    });
  }

  private toWithTag(): string {
    return this.remoteTag ? `${this.toWithoutTag};tag=${this.remoteTag}` : this.toWithoutTag;
  }

  private baseHeaders(branch: string, cseq: string, to: string): SipHeader[] {
    return [
      { name: 'Via', value: `SIP/2.0/WS ${this.leg.localHostPort};rport;branch=${branch}` },
      { name: 'From', value: this.from },
      { name: 'To', value: to },
      { name: 'Call-ID', value: this.callId },
      { name: 'CSeq', value: cseq },
      { name: 'Max-Forwards', value: '70' },
      { name: 'User-Agent', value: SIM_USER_AGENT },
    ];
  }

  private end(reason: SipCallEndReason): void {
    this.state = 'ended';
    if (!this.endReported) {
      this.endReported = true;
      this.observer.ended(reason);
    }
  }
}

function quoteDisplayName(name: string): string {
  return name ? `"${name.replace(/["\\]/g, '\\$&')}" ` : '';
}
