// AMI events per second the live-status ingestion sustains into Redis, beside baselines from the same run.
// Run: node -r @swc-node/register bench/live-status-ingestion.bench.ts [--seconds 4]
//
// The simulator runs in a child process; everything measured here (AmiClient, reducer, writer) shares this
// process's one JS thread. Phases, each against a fresh simulator:
//   parse only      sim flood -> AmiClient, events dropped: the ceiling the ingestion can reach
//   redis/flood     sim flood -> full pipeline -> Redis (the flood repeats the same states: few writes)
//   redis/churn     every event pauses or unpauses a member: every event changes state and is written
//   postgres/churn  the same, with the writer's store swapped for batched UPSERTs into Postgres
// The writer coalesces writes per entity, so stored writes/s follow the flush rhythm, not what a store can
// take; the store capacity line measures that alone: batches of 500 upserts, back to back, per store.
import { parseArgs } from 'node:util';
import type { LiveStatusStoreBatchSink } from '../apps/back/src/live-status/writes/live-status-store.types';
import { count, machineLine, perSecond, printBlock, row, verdict } from './support/bench-report';
import { runBench, sleep, type BenchContext } from './support/bench-runner';
import { openBenchRedis, openThrowawayDatabase } from './support/bench-services';
import {
  startIngestion,
  startParseOnly,
  type IngestionPipeline,
  type PipelineCounters,
} from './support/live-ingestion.pipeline';
import { SIM_CREDENTIALS, startSimProcess } from './support/pbx-sim.process';
import type { SimChildMode } from './support/pbx-sim.child';
import { PostgresLiveStatusStoreSink } from './support/postgres-live-store.sink';
import { measureStoreCapacity } from './support/store-capacity';

const TARGET_EVENTS_PER_SECOND = 50_000;
const WARMUP_MS = 1000;
const CAPACITY_SECONDS = 2;

interface PhaseResult {
  label: string;
  receivedPerSec: number;
  appliedPerSec: number;
  requestedPerSec: number;
  flushedPerSec: number;
  backlog: number;
  cpuCores: number;
}

async function measurePhase(
  ctx: BenchContext,
  label: string,
  mode: SimChildMode,
  seconds: number,
  start: (port: number) => Promise<IngestionPipeline>,
): Promise<PhaseResult> {
  const sim = await startSimProcess(ctx, mode);
  const pipeline = await start(sim.amiPort);
  try {
    await sleep(WARMUP_MS);
    const before: PipelineCounters = pipeline.counters();
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const after = pipeline.counters();
    const cpu = process.cpuUsage(cpuBefore);
    const elapsed = (performance.now() - t0) / 1000;
    const rate = (key: keyof PipelineCounters): number => (after[key] - before[key]) / elapsed;
    if (after.failures > 0) console.error(`${label}: ${after.failures} store writes failed`);
    return {
      label,
      receivedPerSec: rate('received'),
      appliedPerSec: rate('applied'),
      requestedPerSec: rate('writesRequested'),
      flushedPerSec: rate('writesFlushed'),
      backlog: after.buffered,
      cpuCores: (cpu.user + cpu.system) / 1e6 / elapsed,
    };
  } finally {
    await pipeline.stop();
  }
}

runBench('live-status ingestion', 60, async (ctx) => {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' } } });
  const seconds = Number(values.seconds);
  const { ingestionSink } = await openBenchRedis(ctx, 'ingest');
  const redisSink: LiveStatusStoreBatchSink = ingestionSink;
  const postgresSink = await PostgresLiveStatusStoreSink.create(await openThrowawayDatabase(ctx, 'ingest'));

  const parseOnly = await measurePhase(ctx, 'parse only, flood', 'flood', seconds, (port) =>
    startParseOnly(port, SIM_CREDENTIALS),
  );
  const redisFlood = await measurePhase(ctx, 'redis, flood', 'flood', seconds, (port) =>
    startIngestion(port, SIM_CREDENTIALS, redisSink),
  );
  const redisChurn = await measurePhase(ctx, 'redis, churn', 'churn', seconds, (port) =>
    startIngestion(port, SIM_CREDENTIALS, redisSink),
  );
  const postgresChurn = await measurePhase(ctx, 'postgres, churn', 'churn', seconds, (port) =>
    startIngestion(port, SIM_CREDENTIALS, postgresSink),
  );

  const redisCapacity = await measureStoreCapacity(redisSink, CAPACITY_SECONDS);
  const postgresCapacity = await measureStoreCapacity(postgresSink, CAPACITY_SECONDS);

  const header = ['received', 'applied', 'per core', 'writes in', 'writes stored', 'backlog', 'cpu'];
  const widths = [12, 12, 12, 12, 15, 10, 6];
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('');
  const results = [parseOnly, redisFlood, redisChurn, postgresChurn];
  printBlock(
    `live-status ingestion (simulator -> AmiClient -> reducer -> LiveStatusWriter -> store), ${seconds} s per phase`,
    [
      row('events/s', line(header), 20),
      ...results.map((r) =>
        row(
          r.label,
          line([
            perSecond(r.receivedPerSec),
            r === parseOnly ? '-' : perSecond(r.appliedPerSec),
            perSecond((r === parseOnly ? r.receivedPerSec : r.appliedPerSec) / r.cpuCores),
            r === parseOnly ? '-' : perSecond(r.requestedPerSec),
            r === parseOnly ? '-' : perSecond(r.flushedPerSec),
            r === parseOnly ? '-' : count(r.backlog),
            r.cpuCores.toFixed(2),
          ]),
          20,
        ),
      ),
      row('', '(per core: events/s over the CPU this process got; cpu: cores used, one JS thread)', 20),
      row(
        'store capacity',
        `redis ${perSecond(redisCapacity)}, postgres ${perSecond(postgresCapacity)} writes ` +
          `(500-upsert batches, one in flight): redis/postgres = ${(redisCapacity / postgresCapacity).toFixed(1)}x`,
        20,
      ),
      row(
        'target',
        `>= ${count(TARGET_EVENTS_PER_SECOND)} events/s applied into Redis: ` +
          `flood ${verdict(redisFlood.appliedPerSec >= TARGET_EVENTS_PER_SECOND)}, ` +
          `churn ${verdict(redisChurn.appliedPerSec >= TARGET_EVENTS_PER_SECOND)}; per core: ` +
          `flood ${verdict(redisFlood.appliedPerSec / redisFlood.cpuCores >= TARGET_EVENTS_PER_SECOND)}, ` +
          `churn ${verdict(redisChurn.appliedPerSec / redisChurn.cpuCores >= TARGET_EVENTS_PER_SECOND)}`,
        20,
      ),
      machineLine(20),
    ],
  );
});
