import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { createRedisClient } from './redis-client.factory';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from './redis.tokens';

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig): Redis => createRedisClient(config.url, 'main'),
    },
    {
      provide: REDIS_KEY_PREFIX,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig): string => config.keyPrefix,
    },
  ],
  exports: [REDIS_CLIENT, REDIS_KEY_PREFIX],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // quit() lets pending replies arrive, but only a connected client gets any; otherwise just drop the socket.
    if (this.client.status === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.client.quit().catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, 500))),
      ]);
      clearTimeout(timer);
    }
    this.client.disconnect();
  }
}
