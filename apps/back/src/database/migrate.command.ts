import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './database.options';

/** Connects, applies pending migrations, disconnects. Returns the names of the migrations applied. */
export async function runPendingMigrations(
  config: Pick<DatabaseConfig, 'url'>,
  logger = new Logger('Migrate'),
): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions(config));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    logger.log(
      applied.length === 0
        ? 'Database schema is up to date'
        : `Applied ${applied.map((m) => m.name).join(', ')}`,
    );
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
