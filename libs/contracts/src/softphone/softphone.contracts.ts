import type { LiveStateSource, MemberStatus } from '../live-status/live-status.contracts';

/**
 * What the browser softphone needs to register its operator's extension: `GET /api/me/sip`.
 * The password is the SIP digest secret of that one endpoint; it is sent only to its own operator.
 */

/** An RTCIceServer as the browser takes it. */
export interface IceServerConfig {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface SipCredentials {
  extension: string;
  /** Digest user name, the endpoint's auth `username` in pjsip.conf (the extension here). */
  authorizationUsername: string;
  password: string;
  /** Host part of the operator's address of record, `sip:{extension}@{domain}`. */
  domain: string;
  /** SIP over WebSocket, e.g. `wss://pbx.example.com:8089/ws` (ws:// only for local development). */
  webSocketUrl: string;
  iceServers: IceServerConfig[];
  /** Seconds a REGISTER asks to stay valid. */
  registerExpiresSec: number;
}

/**
 * The operator's phone as Asterisk sees it (`GET /api/me/sip/contact`), from the live state: the device
 * state of `PJSIP/{extension}` in its queue memberships. `UNAVAILABLE` means Asterisk has no reachable
 * contact, whatever the browser believes; null when the extension is in no queue.
 */
export interface SipContactStatus {
  interface: string;
  deviceState: MemberStatus | null;
  /** Where the live state came from: Redis, or Postgres while Redis is down (then the state is stale). */
  source: LiveStateSource;
}
