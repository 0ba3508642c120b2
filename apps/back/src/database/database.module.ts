import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, type DatabaseConfig } from '../config/database.config';
import { buildDataSourceOptions, servingPoolOptions } from './database.options';

export interface DatabaseModuleOptions {
  /** Run pending migrations while connecting (serving does; see AppModule). */
  runMigrations: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY],
          useFactory: (config: DatabaseConfig) => ({
            ...buildDataSourceOptions(config),
            extra: servingPoolOptions(config),
            migrationsRun: options.runMigrations,
            // Postgres briefly absent at boot (containers starting together) is retried, not fatal at once.
            retryAttempts: 5,
            retryDelay: 2000,
          }),
        }),
      ],
    };
  }
}
