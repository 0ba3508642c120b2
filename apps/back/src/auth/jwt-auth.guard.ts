import { USER_ROLES, type AuthenticatedUser, type JwtClaims } from '@cc/contracts';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedRequest } from '../access/authenticated-request';
import { IS_PUBLIC_KEY } from '../access/public.decorator';
import { TokenRevocations, issuedAtMs } from '../access/token-revocations';

const BEARER_PATTERN = /^Bearer\s+(\S+)$/i;

export function userFromClaims(claims: Partial<JwtClaims>): AuthenticatedUser | null {
  if (typeof claims.sub !== 'string' || typeof claims.username !== 'string') {
    return null;
  }
  if (!claims.role || !USER_ROLES.includes(claims.role)) {
    return null;
  }
  return {
    id: claims.sub,
    username: claims.username,
    role: claims.role,
    extension: claims.extension ?? null,
  };
}

/** Global: every HTTP route needs a valid bearer token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly revocations: TokenRevocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket.IO gateways authenticate their own handshake.
    if (context.getType() !== 'http') {
      return true;
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = BEARER_PATTERN.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      throw new UnauthorizedException('Missing bearer token');
    }
    let claims: Partial<JwtClaims>;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    const user = userFromClaims(claims);
    if (!user) {
      throw new UnauthorizedException('Invalid token claims');
    }
    if (await this.revocations.isRevoked(user.id, issuedAtMs(claims))) {
      throw new UnauthorizedException('Token revoked: sign in again');
    }
    request.user = user;
    return true;
  }
}
