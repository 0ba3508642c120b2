// The Postgres counterpart of the Redis live store, for baselines only: the same entities as JSON documents
// in one table, written with one batched UPSERT (and one DELETE) per flush. Plugged into the same
// LiveStateWriter as Redis, so coalescing and batching are identical and only the store differs.
import type { DataSource } from 'typeorm';
import type {
  LiveStoreBatchSink,
  LiveStoreContent,
  LiveStoreEntity,
  LiveStoreWrite,
  ReplaceAllResult,
} from '../../apps/back/src/live-status/adapters/live-store.types';

const TABLE = 'bench_live_entries';

export interface LiveEntityRows {
  operators: unknown[];
  channels: unknown[];
  queues: unknown[];
}

export class PostgresLiveStoreSink implements LiveStoreBatchSink {
  private constructor(private readonly dataSource: DataSource) {}

  static async create(dataSource: DataSource): Promise<PostgresLiveStoreSink> {
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (
         entity text NOT NULL,
         id text NOT NULL,
         value jsonb NOT NULL,
         PRIMARY KEY (entity, id)
       )`,
    );
    return new PostgresLiveStoreSink(dataSource);
  }

  async applyWrites(writes: readonly LiveStoreWrite[]): Promise<void> {
    const upserts = { entity: [] as LiveStoreEntity[], id: [] as string[], value: [] as string[] };
    const removes = { entity: [] as LiveStoreEntity[], id: [] as string[] };
    for (const write of writes) {
      if (write.op === 'upsert') {
        upserts.entity.push(write.entity);
        upserts.id.push(write.id);
        upserts.value.push(JSON.stringify(write.value));
      } else {
        removes.entity.push(write.entity);
        removes.id.push(write.id);
      }
    }
    // One transaction per batch, as the Redis store uses one MULTI.
    await this.dataSource.transaction(async (manager) => {
      if (upserts.id.length > 0) {
        await manager.query(
          `INSERT INTO ${TABLE} (entity, id, value)
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
           ON CONFLICT (entity, id) DO UPDATE SET value = EXCLUDED.value`,
          [upserts.entity, upserts.id, upserts.value],
        );
      }
      if (removes.id.length > 0) {
        await manager.query(
          `DELETE FROM ${TABLE} t USING unnest($1::text[], $2::text[]) AS r(entity, id)
           WHERE t.entity = r.entity AND t.id = r.id`,
          [removes.entity, removes.id],
        );
      }
    });
  }

  async replaceAll(content: LiveStoreContent): Promise<ReplaceAllResult> {
    const writes: LiveStoreWrite[] = [
      ...content.operators.map((value): LiveStoreWrite => ({
        entity: 'operator',
        op: 'upsert',
        id: value.id,
        value,
      })),
      ...content.channels.map((value): LiveStoreWrite => ({
        entity: 'channel',
        op: 'upsert',
        id: value.id,
        value,
      })),
      ...content.queues.map((value): LiveStoreWrite => ({
        entity: 'queue',
        op: 'upsert',
        id: value.name,
        value,
      })),
    ];
    const removed: { count: string }[] = await this.dataSource.query(
      `WITH d AS (DELETE FROM ${TABLE} RETURNING 1) SELECT count(*) AS count FROM d`,
    );
    await this.applyWrites(writes);
    await this.dataSource.query(`ANALYZE ${TABLE}`);
    return { written: writes.length, removed: Number(removed[0]?.count ?? 0) };
  }

  /** Every document, the way a snapshot read from this table would fetch them. */
  async readAll(): Promise<LiveEntityRows> {
    const rows: { entity: LiveStoreEntity; value: unknown }[] = await this.dataSource.query(
      `SELECT entity, value FROM ${TABLE}`,
    );
    const out: LiveEntityRows = { operators: [], channels: [], queues: [] };
    for (const row of rows) {
      if (row.entity === 'operator') out.operators.push(row.value);
      else if (row.entity === 'channel') out.channels.push(row.value);
      else out.queues.push(row.value);
    }
    return out;
  }
}
