import { defineConfigSlice } from './config-slice';

export interface RedisConfig {
  url: string;
  /** Prepended by every key builder so several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
}

export const redisConfig = defineConfigSlice('redis', (env): RedisConfig => ({
  url: env.redisUrl,
  keyPrefix: env.redisKeyPrefix,
}));
