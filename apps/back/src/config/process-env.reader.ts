import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv, type EnvParseResult } from './env.schema';

/**
 * The one place that reads process.env. A `.env` file in the working directory is loaded first;
 * variables already set in the environment win over it.
 */
export function readProcessEnv(): EnvParseResult {
  const envFile = resolve(process.cwd(), '.env');
  if (existsSync(envFile)) {
    process.loadEnvFile(envFile);
  }
  return parseEnv(process.env);
}
