import { defineConfigSlice } from './config-slice';
import type { LogLevel, NodeEnv } from './env.schema';

export interface AppConfig {
  nodeEnv: NodeEnv;
  production: boolean;
  port: number;
  logLevel: LogLevel;
  /** `null` = CORS off; `'*'` = any origin. */
  corsOrigins: string[] | '*' | null;
  /** Built softphone (served when the directory exists), relative to the working directory. */
  softphoneDistDir: string;
}

export const appConfig = defineConfigSlice('app', (env): AppConfig => ({
  nodeEnv: env.nodeEnv,
  production: env.nodeEnv === 'production',
  port: env.port,
  logLevel: env.logLevel,
  corsOrigins: env.corsOrigins,
  softphoneDistDir: env.softphoneDistDir,
}));
