import type { AuthenticatedUser, JwtClaims, RealtimeErrorCode } from '@cc/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { TokenRevocations, issuedAtMs } from '../access/token-revocations';
import { userFromClaims } from '../auth/jwt-auth.guard';

export type SocketAuthResult =
  | { ok: true; user: AuthenticatedUser; expiresAt: number | null }
  | { ok: false; code: Extract<RealtimeErrorCode, 'INVALID_TOKEN' | 'TOKEN_EXPIRED'>; message: string };

/** Verifies a socket's JWT exactly as the REST guard does, and says when it expires. */
@Injectable()
export class SocketAuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly revocations: TokenRevocations,
  ) {}

  async verify(token: unknown): Promise<SocketAuthResult> {
    if (typeof token !== 'string' || token.length === 0) {
      return { ok: false, code: 'INVALID_TOKEN', message: 'token must be a non-empty string' };
    }
    let claims: Partial<JwtClaims> & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<JwtClaims & { exp?: number }>(token);
    } catch (error) {
      return error instanceof TokenExpiredError
        ? { ok: false, code: 'TOKEN_EXPIRED', message: 'token expired' }
        : { ok: false, code: 'INVALID_TOKEN', message: 'invalid token' };
    }
    const user = userFromClaims(claims);
    if (!user) return { ok: false, code: 'INVALID_TOKEN', message: 'invalid token claims' };
    if (await this.revocations.isRevoked(user.id, issuedAtMs(claims)))
      return { ok: false, code: 'INVALID_TOKEN', message: 'token revoked: sign in again' };
    return { ok: true, user, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null };
  }
}
