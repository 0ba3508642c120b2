import { LiveStoreFencedError } from './live-store-fence';
export enum LiveStoreErrorCode {
  /** Our own guard fired: Redis (or the way to it) is too slow or down with commands queued offline. */
  Timeout = 'LIVE_STORE_TIMEOUT',
  /** The client or Redis answered with an error (connection refused, reply error, aborted MULTI). */
  RedisError = 'LIVE_STORE_REDIS_ERROR',
}

/** Redis cannot serve the live state right now: the service layer falls back to Postgres. */
export class LiveStoreUnavailableError extends Error {
  override readonly name = 'LiveStoreUnavailableError';

  constructor(
    readonly code: LiveStoreErrorCode,
    readonly operation: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`${operation}: ${message}`);
  }

  static from(operation: string, error: unknown): LiveStoreUnavailableError {
    if (error instanceof LiveStoreUnavailableError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new LiveStoreUnavailableError(LiveStoreErrorCode.RedisError, operation, message, error);
  }
}

/** Runs `work` and turns a timeout or any Redis error into a LiveStoreUnavailableError. */
export async function guardLiveStoreCall<T>(
  operation: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LiveStoreUnavailableError(
            LiveStoreErrorCode.Timeout,
            operation,
            `no answer within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (error) {
    // A fenced refusal is an answer, not an outage: the caller must drop the writes, not retry them.
    if (error instanceof LiveStoreFencedError) throw error;
    throw LiveStoreUnavailableError.from(operation, error);
  } finally {
    clearTimeout(timer);
  }
}
