import type { SoftphoneConfig } from '../../config/softphone.config';
import { buildSipCredentials, derivedSipPassword } from './sip-credentials.builder';

const base: SoftphoneConfig = {
  webSocketUrl: null,
  domain: null,
  passwordSecret: null,
  production: false,
  embeddedSimulator: true,
  simulatorSipWsPort: 8088,
  iceServerUrls: [],
  registerExpiresSec: 300,
};

describe('buildSipCredentials', () => {
  it('points a development operator at the embedded simulator with its shipped password', () => {
    const outcome = buildSipCredentials('1011', base);
    expect(outcome).toEqual({
      ok: true,
      credentials: {
        extension: '1011',
        authorizationUsername: '1011',
        password: 'CHANGE_ME_1011',
        domain: '127.0.0.1',
        webSocketUrl: 'ws://127.0.0.1:8088/ws',
        iceServers: [],
        registerExpiresSec: 300,
      },
    });
  });

  it('derives a different password per extension from the secret, never the development one', () => {
    const config = { ...base, passwordSecret: 'a-long-enough-secret', production: true };
    const a = buildSipCredentials('1001', config);
    const b = buildSipCredentials('1002', config);
    expect(a.ok && a.credentials.password).toBe(derivedSipPassword('a-long-enough-secret', '1001'));
    expect(a.ok && a.credentials.password).toHaveLength(24);
    expect(a.ok && b.ok && a.credentials.password !== b.credentials.password).toBe(true);
  });

  it('refuses development passwords in production', () => {
    expect(buildSipCredentials('1001', { ...base, production: true })).toEqual({
      ok: false,
      reason: 'not-configured',
    });
  });

  it('needs a WebSocket URL when a real Asterisk is used', () => {
    expect(buildSipCredentials('1001', { ...base, embeddedSimulator: false })).toEqual({
      ok: false,
      reason: 'not-configured',
    });
    const configured = buildSipCredentials('1001', {
      ...base,
      embeddedSimulator: false,
      webSocketUrl: 'wss://pbx.example.com:8089/ws',
      iceServerUrls: ['stun:stun.example.com:3478'],
    });
    expect(configured.ok && configured.credentials.domain).toBe('pbx.example.com');
    expect(configured.ok && configured.credentials.iceServers).toEqual([
      { urls: ['stun:stun.example.com:3478'] },
    ]);
  });

  it('has nothing to offer a user without an extension', () => {
    expect(buildSipCredentials(null, base)).toEqual({ ok: false, reason: 'no-extension' });
  });
});
