import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../../src/database/database.options';

export interface SeedQueue {
  name: string;
  strategy: string;
}

export interface SeedMember {
  queue: string;
  iface: string;
  name: string;
  penalty?: number;
  paused?: boolean;
  reasonPaused?: string | null;
}

/** Runs the migrations on a fresh test database and inserts queues and members, before the app starts. */
export async function migrateAndSeed(
  databaseUrl: string,
  queues: readonly SeedQueue[],
  members: readonly SeedMember[],
): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions({ url: databaseUrl }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    await insertQueueConfig(dataSource, queues, members);
  } finally {
    await dataSource.destroy();
  }
}

export async function insertQueueConfig(
  dataSource: DataSource,
  queues: readonly SeedQueue[],
  members: readonly SeedMember[],
): Promise<void> {
  for (const queue of queues) {
    await dataSource.query('INSERT INTO queues (name, strategy) VALUES ($1, $2)', [
      queue.name,
      queue.strategy,
    ]);
  }
  for (const m of members) {
    await dataSource.query(
      `INSERT INTO queue_members (queue_id, interface, member_name, extension, penalty, paused, reason_paused)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM queues WHERE name = $1`,
      [
        m.queue,
        m.iface,
        m.name,
        m.iface.split('/')[1] ?? m.iface,
        m.penalty ?? 0,
        m.paused ?? false,
        m.reasonPaused ?? null,
      ],
    );
  }
}

/** Points the app's AMI client at a port where nothing listens: no ingestion, Redis holds only what tests write. */
export const NO_ASTERISK_ENV = { AMI_HOST: '127.0.0.1', AMI_PORT: '1', AMI_SECRET: 'unused' } as const;
