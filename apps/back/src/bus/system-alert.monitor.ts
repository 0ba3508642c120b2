import {
  BUS_ROUTING_KEYS,
  type PauseDriftDetectedEvent,
  type SystemAlertBusEvent,
  type SystemAlertSeverity,
} from '@cc/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { busConfig, type BusConfig } from '../config/bus.config';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { REDIS_CLIENT } from '../redis/redis.tokens';
import { BusService } from './bus.service';
import { BUS_APP_ID } from './bus.tokens';
import { type AlarmClock, OutageAlarm } from './domain/outage-alarm';

const CLOCK: AlarmClock = {
  now: () => new Date(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const seconds = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / 1000);

/** Publishes `system.alert` for what operators of the platform must know: AMI or Redis down, pause drift. */
@Injectable()
export class SystemAlertMonitor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SystemAlertMonitor.name);
  private readonly ami: OutageAlarm;
  private readonly redisAlarm: OutageAlarm;

  constructor(
    private readonly bus: BusService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(busConfig.KEY) config: BusConfig,
  ) {
    this.ami = new OutageAlarm(
      config.alertAfterMs,
      {
        raise: (since) =>
          this.alert('critical', 'ami', `Asterisk (AMI) unreachable since ${since.toISOString()}`, {
            downSince: since.toISOString(),
          }),
        recover: (since, up) =>
          this.alert('info', 'ami', `Asterisk (AMI) reachable again after ${seconds(since, up)} s`, {
            downSince: since.toISOString(),
            upAt: up.toISOString(),
          }),
      },
      CLOCK,
    );
    this.redisAlarm = new OutageAlarm(
      config.alertAfterMs,
      {
        raise: (since) =>
          this.alert('critical', 'redis', `Redis unreachable since ${since.toISOString()}`, {
            downSince: since.toISOString(),
          }),
        recover: (since, up) =>
          this.alert('info', 'redis', `Redis reachable again after ${seconds(since, up)} s`, {
            downSince: since.toISOString(),
            upAt: up.toISOString(),
          }),
      },
      CLOCK,
    );
  }

  onModuleInit(): void {
    this.redis.on('close', this.onRedisDown);
    this.redis.on('ready', this.onRedisUp);
  }

  onApplicationShutdown(): void {
    this.redis.off('close', this.onRedisDown);
    this.redis.off('ready', this.onRedisUp);
    this.ami.stop();
    this.redisAlarm.stop();
  }

  @OnAppEvent('ami.connection.changed')
  onAmiConnection(change: { state: 'up' | 'down' }): void {
    if (change.state === 'down') this.ami.down();
    else this.ami.up();
  }

  @OnAppEvent('agent.pause.drift.detected')
  onPauseDrift(drift: PauseDriftDetectedEvent): void {
    const state = (paused: boolean) => (paused ? 'paused' : 'not paused');
    this.alert(
      'warning',
      'agent-status',
      `Agent ${drift.extension} is ${state(drift.actualPaused)} in Asterisk${drift.queue ? ` (queue ${drift.queue})` : ''} but should be ${state(drift.expectedPaused)}`,
      { ...drift },
    );
  }

  private readonly onRedisDown = (): void => this.redisAlarm.down();
  private readonly onRedisUp = (): void => this.redisAlarm.up();

  private alert(
    severity: SystemAlertSeverity,
    component: string,
    message: string,
    details: Record<string, unknown>,
  ): void {
    const body: SystemAlertBusEvent = {
      event: 'system.alert',
      timestamp: new Date().toISOString(),
      severity,
      message,
      details,
      source: `${BUS_APP_ID}/${component}`,
    };
    this.logger.warn(`system alert (${severity}): ${message}`);
    this.bus
      .publishEvent(BUS_ROUTING_KEYS.systemAlert, body)
      .catch((error: unknown) =>
        this.logger.error(
          `system alert not published: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
}
