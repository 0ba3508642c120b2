import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusStoreBatchSink } from '../../apps/back/src/live-status/writes/live-status-store.types';
import { buildSite } from './live-status.dataset';

const BATCH = 500;
const OPERATORS = 5000;

/**
 * Writes per second a store takes when it is the bottleneck: batches of 500 distinct operator upserts
 * (the writer's maxBatchSize), one batch in flight, each batch changing every operator it holds.
 */
export async function measureStoreCapacity(sink: LiveStatusStoreBatchSink, seconds: number): Promise<number> {
  const { operators } = buildSite({ operators: OPERATORS, channels: 0, queues: 50 });
  const batches: LiveStatusChange[][] = [];
  for (const paused of [true, false]) {
    for (let offset = 0; offset < operators.length; offset += BATCH) {
      batches.push(
        operators.slice(offset, offset + BATCH).map((o): LiveStatusChange => ({
          kind: 'operator',
          op: 'upsert',
          version: 0,
          id: o.id,
          value: { ...o, paused },
        })),
      );
    }
  }
  await sink.applyWrites(batches[0]);
  let written = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const batch = batches[i % batches.length];
    await sink.applyWrites(batch);
    written += batch.length;
  }
  return (written * 1000) / (performance.now() - started);
}
