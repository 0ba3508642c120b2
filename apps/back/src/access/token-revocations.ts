import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../redis/redis.tokens';
import { revokedUserKey } from './access.redis-keys';

// A request waits this long at most for the check; Redis is local, a slower answer means trouble.
const CHECK_TIMEOUT_MS = 500;

/**
 * Tokens are stateless, so a disabled, deleted, demoted or re-passworded user would keep a working
 * token until it expires (JWT_EXPIRES_IN, 8 h by default). Revoking a user refuses every token of theirs
 * issued before that moment, on every instance; signing in again issues a token that passes.
 */
@Injectable()
export class TokenRevocations {
  private readonly logger = new Logger(TokenRevocations.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** Refuses the user's current tokens from now on. Throws when Redis cannot record it (the caller's change fails loudly). */
  async revoke(userId: string): Promise<void> {
    await this.redis.set(
      revokedUserKey(this.prefix, userId),
      String(Date.now()),
      'PX',
      this.config.jwtExpiresInSeconds * 1000,
    );
  }

  /**
   * True when the token was issued before the user's last revocation. With Redis unreachable the token
   * passes (logged): the live state and the REST API keep working through a Redis outage, and refusing
   * every request would turn it into a full one.
   */
  async isRevoked(userId: string, issuedAtMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const revokedAt = await Promise.race([
        this.redis.get(revokedUserKey(this.prefix, userId)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
            CHECK_TIMEOUT_MS,
          );
        }),
      ]);
      return revokedAt !== null && issuedAtMs < Number(revokedAt);
    } catch (error) {
      this.logger.warn(`token revocation check skipped (Redis: ${(error as Error).message})`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** When a token was issued, in ms: our own `iatMs` claim, else the standard `iat` (seconds). */
export function issuedAtMs(claims: object): number {
  const { iatMs, iat } = claims as { iatMs?: unknown; iat?: unknown };
  if (typeof iatMs === 'number') return iatMs;
  return typeof iat === 'number' ? iat * 1000 : 0;
}
