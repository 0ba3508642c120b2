// The real Redis and Postgres a benchmark runs against, each under a name no one else uses and removed
// afterwards: a unique key prefix (never FLUSHDB) and a throwaway database (created, then dropped).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FencedLiveStatusStoreSink } from '../../apps/back/src/live-status/adapters/fenced-live-status-store.sink';
import type { LiveStatusStoreBatchSink } from '../../apps/back/src/live-status/writes/live-status-store.types';
import { LiveStatusStore } from '../../apps/back/src/live-status/adapters/live-status.store';
import { ENTITIES, MIGRATIONS } from '../../apps/back/src/database/database.options';
import type { BenchContext } from './bench-runner';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchRedis {
  redis: Redis;
  store: LiveStatusStore;
  /** The ingestion's production write path: every batch fenced by a lease this bench holds. */
  ingestionSink: LiveStatusStoreBatchSink;
  prefix: string;
}

export function uniqueName(kind: string): string {
  return `bench_${kind}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A Redis connection and a live store under a fresh prefix; its keys are deleted at the end. */
export async function openBenchRedis(ctx: BenchContext, kind: string): Promise<BenchRedis> {
  const redis = new Redis(REDIS_URL, { commandTimeout: 10_000, maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  ctx.defer(() => redis.quit());
  const prefix = `${uniqueName(kind)}:`;
  const store = new LiveStatusStore(redis, prefix, { timeoutMs: 10_000, bulkTimeoutMs: 30_000 });
  ctx.defer(() => store.clearAll());
  const lease = { key: `${prefix}ingestion:lease`, value: 'bench:1' };
  await redis.set(lease.key, lease.value);
  ctx.defer(() => redis.del(lease.key));
  return { redis, store, ingestionSink: new FencedLiveStatusStoreSink(store, { fence: lease }), prefix };
}

/** Another connection to the same Redis, e.g. for a reader that must not queue behind the writer. */
export async function openRedisConnection(ctx: BenchContext): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { commandTimeout: 10_000, maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  ctx.defer(() => redis.quit());
  return redis;
}

/**
 * A database created for this run with the app's own migrations applied, dropped at the end (WITH FORCE:
 * a pool connection left behind by a failure must not keep it alive).
 */
export async function openThrowawayDatabase(ctx: BenchContext, kind: string): Promise<DataSource> {
  const name = uniqueName(kind);
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  ctx.defer(() => admin.end());
  await admin.query(`CREATE DATABASE "${name}"`);
  ctx.defer(() => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    extra: { max: 4 },
  });
  await dataSource.initialize();
  ctx.defer(() => dataSource.destroy());
  await dataSource.runMigrations();
  return dataSource;
}
