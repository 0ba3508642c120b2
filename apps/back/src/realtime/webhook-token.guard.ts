import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { authConfig, type AuthConfig } from '../config/auth.config';

/** Compares in constant time; hashing first makes both sides the same length whatever was sent. */
export function tokensEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Other services broadcast with WEBHOOK_TOKEN: header `x-webhook-token`, or `token` in the JSON body
 * as the service we replace accepted. Anything else is 401.
 */
@Injectable()
export class WebhookTokenGuard implements CanActivate {
  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers['x-webhook-token'];
    const body: unknown = request.body;
    const fromBody =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['token'] : undefined;
    const given = typeof header === 'string' ? header : typeof fromBody === 'string' ? fromBody : null;
    if (given === null || !tokensEqual(given, this.config.webhookToken)) {
      throw new UnauthorizedException('Missing or wrong webhook token');
    }
    return true;
  }
}
