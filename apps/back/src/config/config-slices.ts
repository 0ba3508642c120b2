import { agentStatusConfig } from './agent-status.config';
import { amiConfig } from './ami.config';
import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { busConfig } from './bus.config';
import { databaseConfig } from './database.config';
import { dialerConfig } from './dialer.config';
import type { AppEnv } from './env.schema';
import { httpConfig } from './http.config';
import { leadershipConfig } from './leadership.config';
import { liveStatusConfig } from './live-status.config';
import { realtimeConfig } from './realtime.config';
import { redisConfig } from './redis.config';
import { softphoneConfig } from './softphone.config';

export const CONFIG_SLICES = [
  appConfig,
  databaseConfig,
  redisConfig,
  amiConfig,
  authConfig,
  busConfig,
  liveStatusConfig,
  httpConfig,
  dialerConfig,
  leadershipConfig,
  softphoneConfig,
  leadershipConfig,
  agentStatusConfig,
  realtimeConfig,
] as const;

export const registerConfigSlices = (env: AppEnv) => CONFIG_SLICES.map((slice) => slice.register(env));
