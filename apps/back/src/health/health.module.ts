import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { busConfig, type BusConfig } from '../config/bus.config';
import { REDIS_CLIENT } from '../redis/redis.tokens';
import { checkRabbitMq, checkRedis } from './dependency.checks';
import { HealthController } from './health.controller';
import { ReadinessRegistry, type ReadinessCheckResult } from './readiness.registry';

const CHECK_TIMEOUT_MS = 1500;

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly typeOrm: TypeOrmHealthIndicator,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(busConfig.KEY) private readonly bus: BusConfig,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', () => this.checkPostgres());
    this.readiness.register('redis', () => checkRedis(this.redis), { timeoutMs: CHECK_TIMEOUT_MS });
    this.readiness.register('rabbitmq', () => checkRabbitMq(this.bus.url, CHECK_TIMEOUT_MS), {
      timeoutMs: CHECK_TIMEOUT_MS + 500,
    });
  }

  private async checkPostgres(): Promise<ReadinessCheckResult> {
    // Terminus 11 reports failures as a result (`{ postgres: { status: 'down', message } }`), not by throwing.
    const result = await this.typeOrm.pingCheck('postgres', { timeout: CHECK_TIMEOUT_MS });
    const { status, ...details } = result['postgres'];
    return status === 'up' ? { status: 'up' } : { status: 'down', details };
  }
}
