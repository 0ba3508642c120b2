import type { SipCredentials } from '@cc/contracts';
import { createHmac } from 'node:crypto';
import type { SoftphoneConfig } from '../../config/softphone.config';

export type SipCredentialsOutcome =
  { ok: true; credentials: SipCredentials } | { ok: false; reason: 'no-extension' | 'not-configured' };

const LOOPBACK = '127.0.0.1';

/**
 * The SIP password of one endpoint: HMAC-SHA256(SIP_PASSWORD_SECRET, extension), base64url, 24 chars
 * (144 bits). Asterisk gets the same value in pjsip.conf (docs/softphone.md shows how to print it), so
 * no per-user SIP secret is stored in our database.
 */
export function derivedSipPassword(secret: string, extension: string): string {
  return createHmac('sha256', secret).update(extension).digest('base64url').slice(0, 24);
}

/** asterisk/pjsip.conf and the PBX simulator ship `CHANGE_ME_<extension>`; development only. */
export function developmentSipPassword(extension: string): string {
  return `CHANGE_ME_${extension}`;
}

export function buildSipCredentials(
  extension: string | null,
  config: SoftphoneConfig,
): SipCredentialsOutcome {
  if (!extension) return { ok: false, reason: 'no-extension' };
  const webSocketUrl =
    config.webSocketUrl ??
    (config.embeddedSimulator ? `ws://${LOOPBACK}:${config.simulatorSipWsPort}/ws` : null);
  if (!webSocketUrl) return { ok: false, reason: 'not-configured' };
  let password: string;
  if (config.passwordSecret) password = derivedSipPassword(config.passwordSecret, extension);
  else if (!config.production) password = developmentSipPassword(extension);
  else return { ok: false, reason: 'not-configured' };
  return {
    ok: true,
    credentials: {
      extension,
      authorizationUsername: extension,
      password,
      domain: config.domain ?? new URL(webSocketUrl).hostname,
      webSocketUrl,
      iceServers: config.iceServerUrls.length > 0 ? [{ urls: config.iceServerUrls }] : [],
      registerExpiresSec: config.registerExpiresSec,
    },
  };
}
