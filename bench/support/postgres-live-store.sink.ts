// The Postgres counterpart of the Redis live store, for baselines only: the same entities as JSON documents
// in one table, written with one batched UPSERT (and one DELETE) per flush. Plugged into the same
// LiveStatusWriter as Redis, so coalescing and batching are identical and only the store differs.
import type { DataSource } from 'typeorm';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveEntityKind } from '@cc/contracts';
import type { LiveStatusContent } from '../../apps/back/src/live-status/domain/live-status.types';
import type {
  LiveStatusStoreBatchSink,
  ReplaceAllResult,
} from '../../apps/back/src/live-status/writes/live-status-store.types';

const TABLE = 'bench_live_entries';

export interface LiveEntityRows {
  operators: unknown[];
  channels: unknown[];
  queues: unknown[];
}

export class PostgresLiveStatusStoreSink implements LiveStatusStoreBatchSink {
  private constructor(private readonly dataSource: DataSource) {}

  static async create(dataSource: DataSource): Promise<PostgresLiveStatusStoreSink> {
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (
         entity text NOT NULL,
         id text NOT NULL,
         value jsonb NOT NULL,
         PRIMARY KEY (entity, id)
       )`,
    );
    return new PostgresLiveStatusStoreSink(dataSource);
  }

  async applyWrites(writes: readonly LiveStatusChange[]): Promise<void> {
    const upserts = { entity: [] as LiveEntityKind[], id: [] as string[], value: [] as string[] };
    const removes = { entity: [] as LiveEntityKind[], id: [] as string[] };
    for (const write of writes) {
      if (write.op === 'upsert') {
        upserts.entity.push(write.kind);
        upserts.id.push(write.id);
        upserts.value.push(JSON.stringify(write.value));
      } else {
        removes.entity.push(write.kind);
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

  async replaceAll(content: LiveStatusContent): Promise<ReplaceAllResult> {
    const writes: LiveStatusChange[] = [
      ...content.operators.map((value): LiveStatusChange => ({
        kind: 'operator',
        op: 'upsert',
        version: 0,
        id: value.id,
        value,
      })),
      ...content.channels.map((value): LiveStatusChange => ({
        kind: 'channel',
        op: 'upsert',
        version: 0,
        id: value.id,
        value,
      })),
      ...content.queues.map((value): LiveStatusChange => ({
        kind: 'queue',
        op: 'upsert',
        version: 0,
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
    const rows: { entity: LiveEntityKind; value: unknown }[] = await this.dataSource.query(
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
