// Snapshot latency of the live state with 5,000 operators, 2,000 channels and 200 queues: Redis
// (getFullSnapshot) beside the same read from Postgres, measured in the same run.
// Run: node -r @swc-node/register bench/live-status-snapshot.bench.ts [--runs 200]
//
// Redis is read as objects (getFullSnapshot) and, when the store offers it, as the JSON text an HTTP
// handler sends on (getFullSnapshotJson, no per-entry parse). Postgres is read two ways: the app's own
// fallback (PostgresLiveStatusFallback over `queues` and `queue_members`, as the dashboard reads it when
// Redis is down; that path has no channels), and the very same documents as Redis holds, from one jsonb
// table (`postgres jsonb`). The operators-only rows compare getAllOperators with reader.operators().
import { parseArgs } from 'node:util';
import { PostgresLiveStatusFallback } from '../apps/back/src/live-status/adapters/postgres-live-status.fallback';
import { QueueEntity, QueueMemberEntity } from '../apps/back/src/queues/entities/queue.entity';
import {
  machineLine,
  ms,
  printBlock,
  row,
  summarize,
  verdict,
  type LatencySummary,
} from './support/bench-report';
import { runBench } from './support/bench-runner';
import { openBenchRedis, openThrowawayDatabase } from './support/bench-services';
import { buildSite, seedQueueConfiguration, type SiteSize } from './support/live-status.dataset';
import { PostgresLiveStatusStoreSink } from './support/postgres-live-store.sink';

const SITE: SiteSize = { operators: 5000, channels: 2000, queues: 200 };
const WARMUP_RUNS = 20;
// Each series stops at `runs` or after this long, whichever comes first, so the bench ends within a minute.
const SERIES_BUDGET_MS = 7_000;
const TARGET_P50_MS = 10;
const TARGET_RATIO = 10;

interface Series {
  latency: LatencySummary;
}

/** Optional on the store: the snapshot as JSON text, for handlers that only pass it on. */
interface SnapshotJsonReader {
  getFullSnapshotJson(): Promise<Buffer>;
}

function jsonReaderOf(store: object): SnapshotJsonReader | null {
  const candidate = store as Partial<SnapshotJsonReader>;
  return typeof candidate.getFullSnapshotJson === 'function' ? (candidate as SnapshotJsonReader) : null;
}

async function timeSeries(runs: number, read: () => Promise<unknown>): Promise<Series> {
  for (let i = 0; i < WARMUP_RUNS; i++) await read();
  const samples: number[] = [];
  const deadline = performance.now() + SERIES_BUDGET_MS;
  while (samples.length < runs && performance.now() < deadline) {
    const started = performance.now();
    await read();
    samples.push(performance.now() - started);
  }
  return { latency: summarize(samples) };
}

function expectCounts(
  what: string,
  got: { operators: number; channels: number; queues: number },
  want: SiteSize,
): void {
  if (got.operators !== want.operators || got.channels !== want.channels || got.queues !== want.queues) {
    throw new Error(
      `${what} read back ${got.operators}/${got.channels}/${got.queues}, seeded ${want.operators}/${want.channels}/${want.queues}`,
    );
  }
}

runBench('live-status snapshot', 180, async (ctx) => {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
  const runs = Number(values.runs);
  const site = buildSite(SITE);

  const { store } = await openBenchRedis(ctx, 'snapshot');
  await store.replaceAll(site);
  const dataSource = await openThrowawayDatabase(ctx, 'snapshot');
  await seedQueueConfiguration(dataSource, site);
  const jsonb = await PostgresLiveStatusStoreSink.create(dataSource);
  await jsonb.replaceAll(site);
  const reader = new PostgresLiveStatusFallback(
    dataSource.getRepository(QueueEntity),
    dataSource.getRepository(QueueMemberEntity),
  );
  // What LiveStatusQueryService.getDashboardData reads from Postgres when Redis cannot answer.
  const readFallback = () => Promise.all([reader.operators(), reader.queueStatuses()]);

  const fromRedis = await store.getFullSnapshot();
  expectCounts(
    'redis',
    {
      operators: fromRedis.operators.length,
      channels: fromRedis.channels.length,
      queues: fromRedis.queues.length,
    },
    SITE,
  );
  const [fallbackOperators, fallbackQueues] = await readFallback();
  expectCounts(
    'postgres reader',
    { operators: fallbackOperators.length, channels: SITE.channels, queues: fallbackQueues.length },
    SITE,
  );
  const fromJsonb = await jsonb.readAll();
  expectCounts(
    'postgres jsonb',
    {
      operators: fromJsonb.operators.length,
      channels: fromJsonb.channels.length,
      queues: fromJsonb.queues.length,
    },
    SITE,
  );

  const jsonReader = jsonReaderOf(store);
  if (jsonReader) {
    const text = JSON.parse((await jsonReader.getFullSnapshotJson()).toString()) as Record<string, unknown[]>;
    expectCounts(
      'redis json',
      {
        operators: text['operators'].length,
        channels: text['channels'].length,
        queues: text['queues'].length,
      },
      SITE,
    );
  }

  // Redis series first: the reader's TypeORM garbage would otherwise be collected during them.
  const redis = await timeSeries(runs, () => store.getFullSnapshot());
  const redisJson = jsonReader ? await timeSeries(runs, () => jsonReader.getFullSnapshotJson()) : null;
  const redisOperators = await timeSeries(runs, () => store.getAllOperators());
  const redisOperatorsJson = await timeSeries(runs, () => store.getAllOperatorsJson());
  const postgres = await timeSeries(runs, readFallback);
  const postgresJsonb = await timeSeries(runs, () => jsonb.readAll());
  const postgresOperators = await timeSeries(runs, () => reader.operators());

  const line = (s: Series): string =>
    `p50 ${ms(s.latency.p50, 1).padStart(9)}   p99 ${ms(s.latency.p99, 1).padStart(9)}   (${s.latency.count} runs)`;
  const judge = (fast: Series, slow: Series): string => {
    const ratio = slow.latency.p50 / fast.latency.p50;
    return `${ratio.toFixed(1)}x ${verdict(ratio >= TARGET_RATIO && fast.latency.p50 < TARGET_P50_MS)}`;
  };
  printBlock(
    `live-status snapshot (${SITE.operators} operators, ${SITE.channels} channels, ${SITE.queues} queues), up to ${runs} runs`,
    [
      row('redis', `${line(redis)}   getFullSnapshot, parsed objects`, 16),
      ...(redisJson ? [row('redis json', `${line(redisJson)}   getFullSnapshotJson, JSON text`, 16)] : []),
      row('postgres', `${line(postgres)}   PostgresLiveStatusFallback (no channels there)`, 16),
      row('postgres jsonb', `${line(postgresJsonb)}   same documents as Redis, parsed`, 16),
      row('ops: redis', `${line(redisOperators)}   getAllOperators`, 16),
      row(
        'ops: redis json',
        `${line(redisOperatorsJson)}   getAllOperatorsJson, what GET /operators sends`,
        16,
      ),
      row('ops: postgres', `${line(postgresOperators)}   reader.operators()`, 16),
      row(
        'ratio',
        `postgres/redis p50 (target >= ${TARGET_RATIO}x and redis p50 < ${TARGET_P50_MS} ms): ` +
          `full ${judge(redis, postgres)}` +
          (redisJson ? `, full as JSON ${judge(redisJson, postgres)}` : '') +
          `, operators only ${judge(redisOperators, postgresOperators)}` +
          `, operators only as JSON ${judge(redisOperatorsJson, postgresOperators)}; ` +
          `jsonb/redis ${(postgresJsonb.latency.p50 / redis.latency.p50).toFixed(1)}x`,
        16,
      ),
      machineLine(16),
    ],
  );
});
