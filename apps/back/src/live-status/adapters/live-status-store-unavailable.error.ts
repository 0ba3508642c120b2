import { LiveStatusStoreFencedError } from './live-status-store.fence';
export enum LiveStatusStoreErrorCode {
  /** Our own guard fired: Redis (or the way to it) is too slow or down with commands queued offline. */
  Timeout = 'LIVE_STATUS_STORE_TIMEOUT',
  /** The client or Redis answered with an error (connection refused, reply error, aborted MULTI). */
  RedisError = 'LIVE_STATUS_STORE_REDIS_ERROR',
}

/** Redis cannot serve the live state right now: the service layer falls back to Postgres. */
export class LiveStatusStoreUnavailableError extends Error {
  override readonly name = 'LiveStatusStoreUnavailableError';

  constructor(
    readonly code: LiveStatusStoreErrorCode,
    readonly operation: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`${operation}: ${message}`);
  }

  static from(operation: string, error: unknown): LiveStatusStoreUnavailableError {
    if (error instanceof LiveStatusStoreUnavailableError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new LiveStatusStoreUnavailableError(
      LiveStatusStoreErrorCode.RedisError,
      operation,
      message,
      error,
    );
  }
}

/** Runs `work` and turns a timeout or any Redis error into a LiveStatusStoreUnavailableError. */
export async function guardLiveStatusStoreCall<T>(
  operation: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LiveStatusStoreUnavailableError(
            LiveStatusStoreErrorCode.Timeout,
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
    if (error instanceof LiveStatusStoreFencedError) throw error;
    throw LiveStatusStoreUnavailableError.from(operation, error);
  } finally {
    clearTimeout(timer);
  }
}
