import { Logger } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

const MAX_RETRY_DELAY_MS = 5000;

/** Exponential back-off capped at 5 s; ioredis keeps retrying forever, so a Redis outage never ends the process. */
export function redisRetryDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 16), MAX_RETRY_DELAY_MS);
}

export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  // ioredis waits 2 s by default before giving up a socket that never connected on disconnect().
  disconnectTimeout: 200,
  connectTimeout: 2000,
  // A slow or absent Redis must fail the command quickly instead of stalling an HTTP request.
  commandTimeout: 1000,
  maxRetriesPerRequest: 1,
  retryStrategy: redisRetryDelay,
  enableReadyCheck: true,
};

/** Creates a client with our timeouts and logging; use it for extra connections (e.g. subscribers). */
export function createRedisClient(url: string, name: string, logger = new Logger('Redis')): Redis {
  const client = new Redis(url, { ...REDIS_CLIENT_OPTIONS, connectionName: name });
  let lastError = '';
  client.on('ready', () => {
    lastError = '';
    logger.log(`[${name}] connected to ${redactRedisUrl(url)}`);
  });
  client.on('end', () => logger.warn(`[${name}] connection closed`));
  client.on('reconnecting', (delay: number) => logger.debug(`[${name}] reconnecting in ${delay} ms`));
  // Without an 'error' listener ioredis reports every failed reconnect loudly; log each distinct error once.
  client.on('error', (error: Error) => {
    if (error.message !== lastError) {
      lastError = error.message;
      logger.warn(`[${name}] ${error.message}`);
    }
  });
  return client;
}

export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
