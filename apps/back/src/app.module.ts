import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AgentMetricsModule } from './agent-metrics/agent-metrics.module';
import { AgentStatusModule } from './agent-status/agent-status.module';
import { AuthModule } from './auth/auth.module';
import { BusModule } from './bus/bus.module';
import { CallsModule } from './calls/calls.module';
import { registerConfigSlices } from './config/config-slices';
import type { AppEnv } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { DialerModule } from './dialer/dialer.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { SoftphoneStaticModule } from './http/softphone-static.module';
import { SupervisorModule } from './supervisor/supervisor.module';
import { LiveStatusModule } from './live-status/live-status.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';
import { SoftphoneModule } from './softphone/softphone.module';
import { UsersModule } from './users/users.module';
import { QueueAdminModule } from './queue-admin/queue-admin.module';

type Imports = NonNullable<ModuleMetadata['imports']>;

/** Product features. Add new feature modules here (e.g. AmiModule, LiveStatusModule). */
const FEATURE_MODULES: Imports = [
  UsersModule,
  AuthModule,
  LiveStatusModule,
  // Before AgentStatusModule: routes match in registration order, and `GET agents/metrics` must not
  // be taken for `GET agents/:extension`.
  AgentMetricsModule,
  AgentStatusModule,
  SupervisorModule,
  CallsModule,
  BusModule,
  DialerModule,
  QueueAdminModule,
];

export interface AppModuleOptions {
  /** The validated environment (see config/env.schema.ts). */
  env: AppEnv;
  /**
   * Serving runs pending migrations while connecting so `npm start` works on a fresh database.
   * Default true; the `migrate` and `seed` commands handle migrations themselves.
   */
  runMigrations?: boolean;
  /** Extra modules, e.g. test doubles in integration tests. */
  imports?: Imports;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The env is validated before Nest starts; ConfigModule only hands out the typed slices.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: registerConfigSlices(options.env),
        }),
        LoggingModule,
        EventEmitterModule.forRoot(),
        EventsModule,
        ScheduleModule.forRoot(),
        DatabaseModule.forRoot({ runMigrations: options.runMigrations ?? true }),
        RedisModule,
        MetricsModule,
        HealthModule,
        ...FEATURE_MODULES,
        SoftphoneModule,
        RealtimeModule,
        SoftphoneStaticModule.forRoot(options.env.softphoneDistDir),
        ...(options.imports ?? []),
      ],
    };
  }
}
