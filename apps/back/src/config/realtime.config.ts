import { defineConfigSlice } from './config-slice';

export interface RealtimeConfig {
  /** Names this instance in cluster answers (stats); same as the ingestion lease owner. */
  instanceId: string;
  /** At most one message per live entity per this many ms; the latest value wins. */
  coalesceMs: number;
  /**
   * In a burst, live rooms get at most one batch per this many ms (rounded down to divide
   * `coalesceMs`); a change after a quiet interval goes out at once.
   */
  flushMs: number;
  /** A socket that has not authenticated by then is disconnected. */
  authTimeoutMs: number;
  /** Largest client packet accepted; a bigger one closes the connection (engine.io maxHttpBufferSize). */
  maxMessageBytes: number;
  rateLimitPerSec: number;
  rateLimitBurst: number;
  /** Refused events within 10 s after which a socket is disconnected as flooding. */
  floodDisconnectAfter: number;
  /** How long a cross-instance question (stats, snapshot) waits for every instance. */
  clusterTimeoutMs: number;
  /** `null` = no cross-origin browser access; `'*'` = any origin. */
  corsOrigins: string[] | '*' | null;
  /** Every Redis key and stream the adapter and presence use starts with it. */
  redisKeyPrefix: string;
}

export const realtimeConfig = defineConfigSlice('realtime', (env): RealtimeConfig => ({
  instanceId: env.instanceId,
  coalesceMs: env.realtimeCoalesceMs,
  flushMs: env.realtimeFlushMs,
  authTimeoutMs: env.realtimeAuthTimeoutMs,
  maxMessageBytes: env.realtimeMaxMessageBytes,
  rateLimitPerSec: env.realtimeRateLimitPerSec,
  rateLimitBurst: env.realtimeRateLimitBurst,
  floodDisconnectAfter: env.realtimeFloodDisconnectAfter,
  clusterTimeoutMs: env.realtimeClusterTimeoutMs,
  corsOrigins: env.corsOrigins,
  redisKeyPrefix: env.redisKeyPrefix,
}));
