import { amiConfig } from './ami.config';
import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { busConfig } from './bus.config';
import { databaseConfig } from './database.config';
import { dialerConfig } from './dialer.config';
import type { AppEnv } from './env.schema';
import { leadershipConfig } from './leadership.config';
import { liveStatusConfig } from './live-status.config';
import { redisConfig } from './redis.config';

export const CONFIG_SLICES = [
  appConfig,
  databaseConfig,
  redisConfig,
  amiConfig,
  authConfig,
  busConfig,
  liveStatusConfig,
  dialerConfig,
  leadershipConfig,
] as const;

export const registerConfigSlices = (env: AppEnv) => CONFIG_SLICES.map((slice) => slice.register(env));
