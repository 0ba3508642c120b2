export interface RateLimitOptions {
  /** Sustained client events per second. */
  perSecond: number;
  /** Events allowed at once after a quiet spell. */
  burst: number;
  /** Refusals within `floodWindowMs` after which the socket is disconnected as flooding. */
  floodRefusals: number;
  floodWindowMs: number;
}

export type RateVerdict = 'allow' | 'refuse' | 'disconnect';

/**
 * A token bucket per socket: each client event takes a token, tokens come back at `perSecond`.
 * An event without a token is refused; a socket refused `floodRefusals` times within the window is
 * flooding and gets disconnected. Pure: the caller passes the clock.
 */
export class SocketRateLimiter {
  private tokens: number;
  private refilledAt: number;
  private refusals: number[] = [];

  constructor(
    private readonly options: RateLimitOptions,
    nowMs: number,
  ) {
    this.tokens = options.burst;
    this.refilledAt = nowMs;
  }

  take(nowMs: number): RateVerdict {
    const elapsed = Math.max(0, nowMs - this.refilledAt);
    this.tokens = Math.min(this.options.burst, this.tokens + (elapsed * this.options.perSecond) / 1000);
    this.refilledAt = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'allow';
    }
    this.refusals = this.refusals.filter((at) => nowMs - at < this.options.floodWindowMs);
    this.refusals.push(nowMs);
    return this.refusals.length >= this.options.floodRefusals ? 'disconnect' : 'refuse';
  }
}
