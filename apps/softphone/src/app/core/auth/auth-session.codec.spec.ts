import type { LoginResponse } from '@cc/contracts';
import { decodeSession, encodeSession, isSessionExpired, sessionFromLogin } from './auth-session.codec';

const NOW = 1_800_000_000_000;

const response: LoginResponse = {
  accessToken: 'header.payload.signature',
  tokenType: 'Bearer',
  expiresIn: 3600,
  user: { id: 'u-1', username: 'alice', role: 'operator', extension: '1001' },
};

describe('sessionFromLogin', () => {
  it('expires the session shortly before the token does', () => {
    const session = sessionFromLogin(response, NOW);
    expect(session.accessToken).toBe('header.payload.signature');
    expect(session.user).toEqual(response.user);
    expect(session.expiresAt).toBeLessThan(NOW + 3600 * 1000);
    expect(session.expiresAt).toBeGreaterThan(NOW + 3590 * 1000);
    expect(isSessionExpired(session, NOW)).toBe(false);
    expect(isSessionExpired(session, NOW + 3600 * 1000)).toBe(true);
  });
});

describe('decodeSession', () => {
  it('restores what encodeSession stored', () => {
    const session = sessionFromLogin(response, NOW);
    expect(decodeSession(encodeSession(session), NOW + 1000)).toEqual(session);
  });

  it('treats an expired session as no session', () => {
    const session = sessionFromLogin(response, NOW);
    expect(decodeSession(encodeSession(session), NOW + 2 * 3600 * 1000)).toBeNull();
  });

  it('treats missing, corrupt or foreign values as no session', () => {
    const valid = sessionFromLogin(response, NOW);
    const broken = [
      null,
      '',
      'not json',
      '[]',
      JSON.stringify({ ...valid, accessToken: '' }),
      JSON.stringify({ ...valid, expiresAt: 'tomorrow' }),
      JSON.stringify({ ...valid, user: { ...valid.user, role: 'root' } }),
      JSON.stringify({ ...valid, user: { ...valid.user, extension: 1001 } }),
    ];
    for (const raw of broken) {
      expect(decodeSession(raw, NOW)).toBeNull();
    }
  });

  it('accepts users without an extension', () => {
    const session = sessionFromLogin(
      { ...response, user: { ...response.user, role: 'admin', extension: null } },
      NOW,
    );
    expect(decodeSession(encodeSession(session), NOW)?.user.extension).toBeNull();
  });
});
