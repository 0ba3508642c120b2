import { type ConfigFactory, type ConfigFactoryKeyHost, getConfigToken, registerAs } from '@nestjs/config';
import type { AppEnv } from './env.schema';

/**
 * A typed slice of the validated environment, registered with `registerAs(name)`.
 * Inject it with `@Inject(redisConfig.KEY) private readonly redis: RedisConfig`.
 */
export interface ConfigSlice<T extends object> {
  readonly name: string;
  readonly KEY: string;
  readonly build: (env: AppEnv) => T;
  readonly register: (env: AppEnv) => ConfigFactory<T> & ConfigFactoryKeyHost<T>;
}

export function defineConfigSlice<T extends object>(name: string, build: (env: AppEnv) => T): ConfigSlice<T> {
  return {
    name,
    KEY: getConfigToken(name),
    build,
    register: (env) => registerAs(name, () => build(env)),
  };
}
