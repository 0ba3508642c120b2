// AMI events per second the live-status ingestion sustains into Redis, beside baselines from the same run.
// Run: node -r @swc-node/register bench/live-status-ingestion.bench.ts [--seconds 4] [--rounds 3]
//      [--profile DIR] [--sim-nice 10]
//   --rounds N      pairs of (parse only, redis churn) phases, run alternately (below)
//   --profile DIR   writes a CPU profile of each phase's measured window to DIR/<phase>.cpuprofile;
//                   summarise one with bench/support/cpu-profile.summary.ts
//   --sim-nice N    the simulator's niceness (default 10, see pbx-sim.process.ts; 0 on a busy machine)
//
// The simulator runs in a child process; everything measured here (AmiClient, reducer, writer) shares this
// process's one JS thread. Each phase starts its own simulator and stops it when it ends. Phases:
//   parse only      the churn events (below) -> AmiClient, dropped: the ceiling the ingestion can reach
//   redis, churn    every event pauses or unpauses a member: every event changes state and is written;
//                   at the end the generator stops and Redis is compared with the simulator's own
//                   QueueStatus (the churn updates the simulator's model as it sends each event), so the
//                   figure counts events whose state really reached Redis (the bench fails otherwise)
//   parse only, flood  the simulator's own flood scenario (a member status, then a small device state
//                   change, over and over), parsed and dropped; redis, flood: the same through the
//                   pipeline (the flood repeats the same states: few writes)
//   postgres, churn the churn, with the writer's store swapped for batched UPSERTs into Postgres
// The figure the issue asks for is churn into Redis as a share of parse only, from the same run: parsing
// is the part no store can speed up, so the share says what the reducer, the writer and the store cost on
// top of it. Both sides parse the same events: the flood's average event is a third smaller than a
// churn event, so its parse rate is printed beside the share, not used as its denominator.
// On a virtual machine the hypervisor lends this guest's cores to others (`steal`, seen from 3 % to 45 %
// from one second to the next here), so parse only and churn are measured in alternating pairs, each
// pair's share printed with the steal of its two phases, and the verdict is on the median pair.
// The writer coalesces writes per entity, so stored writes/s follow the flush rhythm, not what a store can
// take; the store capacity line measures that alone: batches of 500 upserts, back to back, per store.
import { parseArgs } from 'node:util';
import type Redis from 'ioredis';
import type { LiveStatusStoreBatchSink } from '../apps/back/src/live-status/writes/live-status-store.types';
import { count, machineLine, perSecond, printBlock, row, verdict } from './support/bench-report';
import { stealMeter, stealText } from './support/cpu-steal';
import { cpuProfiler, type CpuProfiler } from './support/cpu-profiler';
import { runBench, sleep, type BenchContext } from './support/bench-runner';
import { openBenchRedis, openThrowawayDatabase } from './support/bench-services';
import {
  startIngestion,
  startParseOnly,
  type RunningIngestion,
  type PipelineCounters,
} from './support/live-ingestion.pipeline';
import { SIM_CREDENTIALS, SIM_NICENESS, startSimProcess } from './support/pbx-sim.process';
import type { SimChildMode } from './support/pbx-sim.child';
import { PostgresLiveStatusStoreSink } from './support/postgres-live-store.sink';
import { measureStoreCapacity } from './support/store-capacity';
import { readRedisServer, redisServerDelta, type RedisServerReading } from './support/redis-server.stats';
import { checkMembersAgainstQueueStatus, type GroundTruthCheck } from './support/ground-truth.check';
import type { LiveStatusStore } from '../apps/back/src/live-status/adapters/live-status.store';

const TARGET_EVENTS_PER_SECOND = 50_000;
const WARMUP_MS = 1000;
const CAPACITY_SECONDS = 2;
const TARGET_CHURN_SHARE = 0.5;

interface PhaseResult {
  label: string;
  receivedPerSec: number;
  appliedPerSec: number;
  requestedPerSec: number;
  flushedPerSec: number;
  backlog: number;
  cpuCores: number;
  simCpuCores: number;
  seconds: number;
  /** Share of the machine's CPU time the hypervisor gave to other guests during the phase. */
  steal: number;
  bytesPerEvent: number;
  redis: RedisServerReading;
  /** Set for phases checked against the simulator's ground truth at the end. */
  groundTruth?: GroundTruthCheck;
}

interface PhaseSetup {
  ctx: BenchContext;
  seconds: number;
  profiler: CpuProfiler;
  redis: Redis;
  simNiceness: number;
  /** Where the Redis phases write, to compare with the simulator after a churn phase. */
  store: LiveStatusStore;
}

async function measurePhase(
  { ctx, seconds, profiler, redis, simNiceness, store }: PhaseSetup,
  label: string,
  mode: SimChildMode,
  start: (port: number) => Promise<RunningIngestion>,
  options: { checkRedis?: boolean } = {},
): Promise<PhaseResult> {
  const sim = await startSimProcess(ctx, mode, simNiceness);
  const pipeline = await start(sim.amiPort);
  try {
    await sleep(WARMUP_MS);
    const before: PipelineCounters = pipeline.counters();
    const bytesBefore = pipeline.client.stats.bytesReceived;
    const redisBefore = await readRedisServer(redis);
    const steal = stealMeter();
    const cpuBefore = process.cpuUsage();
    const simCpuBefore = sim.cpuSeconds();
    const t0 = performance.now();
    await profiler.around(label, () => sleep(seconds * 1000));
    const after = pipeline.counters();
    const stolen = steal.stop();
    const bytes = pipeline.client.stats.bytesReceived - bytesBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const simCpu = sim.cpuSeconds() - simCpuBefore;
    const elapsed = (performance.now() - t0) / 1000;
    const redisUsed = redisServerDelta(redisBefore, await readRedisServer(redis));
    const rate = (key: keyof PipelineCounters): number => (after[key] - before[key]) / elapsed;
    if (after.failures > 0) console.error(`${label}: ${after.failures} store writes failed`);
    let groundTruth: GroundTruthCheck | undefined;
    if (options.checkRedis) {
      await sim.halt();
      groundTruth = await checkMembersAgainstQueueStatus(pipeline.client, store, () => pipeline.settle());
      for (const line of groundTruth.differences.slice(0, 10)) console.error(`${label}: ${line}`);
      if (groundTruth.differences.length > 0) process.exitCode = 1;
    }
    return {
      groundTruth,
      label,
      receivedPerSec: rate('received'),
      appliedPerSec: rate('applied'),
      requestedPerSec: rate('writesRequested'),
      flushedPerSec: rate('writesFlushed'),
      backlog: after.buffered,
      cpuCores: (cpu.user + cpu.system) / 1e6 / elapsed,
      simCpuCores: simCpu / elapsed,
      seconds: elapsed,
      steal: stolen,
      bytesPerEvent: bytes / Math.max(1, after.received - before.received),
      redis: redisUsed,
    };
  } finally {
    await pipeline.stop();
    await sim.stop();
  }
}

runBench('live-status ingestion', 300, async (ctx) => {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '3' },
      profile: { type: 'string' },
      'sim-nice': { type: 'string', default: String(SIM_NICENESS) },
    },
  });
  const seconds = Number(values.seconds);
  const rounds = Math.max(1, Number(values.rounds));
  const startLine = machineLine(20, 'at start');
  const { ingestionSink, redis, store } = await openBenchRedis(ctx, 'ingest');
  const redisSink: LiveStatusStoreBatchSink = ingestionSink;
  const postgresSink = await PostgresLiveStatusStoreSink.create(await openThrowawayDatabase(ctx, 'ingest'));
  const setup: PhaseSetup = {
    ctx,
    seconds,
    profiler: cpuProfiler(values.profile),
    redis,
    simNiceness: Number(values['sim-nice']),
    store,
  };

  const pairs: PhasePair[] = [];
  for (let round = 1; round <= rounds; round++) {
    const parse = await measurePhase(setup, `parse only #${round}`, 'churn', (port) =>
      startParseOnly(port, SIM_CREDENTIALS),
    );
    const churn = await measurePhase(
      setup,
      `redis, churn #${round}`,
      'churn',
      (port) => startIngestion(port, SIM_CREDENTIALS, redisSink),
      { checkRedis: true },
    );
    pairs.push({ parse, churn });
  }
  const parseFlood = await measurePhase(setup, 'parse only, flood', 'flood', (port) =>
    startParseOnly(port, SIM_CREDENTIALS),
  );
  const redisFlood = await measurePhase(setup, 'redis, flood', 'flood', (port) =>
    startIngestion(port, SIM_CREDENTIALS, redisSink),
  );
  const postgresChurn = await measurePhase(setup, 'postgres, churn', 'churn', (port) =>
    startIngestion(port, SIM_CREDENTIALS, postgresSink),
  );

  const capacityRedisBefore = await readRedisServer(redis);
  const redisCapacity = await measureStoreCapacity(redisSink, CAPACITY_SECONDS);
  const capacityRedis = redisServerDelta(capacityRedisBefore, await readRedisServer(redis));
  const postgresCapacity = await measureStoreCapacity(postgresSink, CAPACITY_SECONDS);

  const median = medianPair(pairs);
  const header = [
    'received',
    'applied',
    'per core',
    'writes in',
    'writes stored',
    'backlog',
    'cpu',
    'sim cpu',
    'steal',
    'B/event',
  ];
  const widths = [12, 12, 12, 12, 15, 10, 6, 9, 7, 9];
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('');
  const parsing = new Set<PhaseResult>([...pairs.map((p) => p.parse), parseFlood]);
  const results = [...pairs.flatMap((p) => [p.parse, p.churn]), parseFlood, redisFlood, postgresChurn];
  const groundTruths = pairs.map((p) => p.churn.groundTruth);
  printBlock(
    `live-status ingestion (simulator -> AmiClient -> reducer -> LiveStatusWriter -> store), ${seconds} s per phase`,
    [
      row('events/s', line(header), 20),
      ...results.map((r) =>
        row(
          r.label,
          line([
            perSecond(r.receivedPerSec),
            parsing.has(r) ? '-' : perSecond(r.appliedPerSec),
            perSecond((parsing.has(r) ? r.receivedPerSec : r.appliedPerSec) / r.cpuCores),
            parsing.has(r) ? '-' : perSecond(r.requestedPerSec),
            parsing.has(r) ? '-' : perSecond(r.flushedPerSec),
            parsing.has(r) ? '-' : count(r.backlog),
            r.cpuCores.toFixed(2),
            r.simCpuCores.toFixed(2),
            stealText(r.steal),
            count(r.bytesPerEvent),
          ]),
          20,
        ),
      ),
      row(
        '',
        '(per core: events/s over the CPU this process got; cpu: cores used, one JS thread; sim cpu: the ' +
          'simulator process, which also needs CPU to send each event; steal: CPU time the hypervisor gave ' +
          'to other guests meanwhile; B/event: bytes received per event)',
        20,
      ),
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
          `churn ${verdict(median.churn.appliedPerSec >= TARGET_EVENTS_PER_SECOND)} (median pair)`,
        20,
      ),
      ...pairs.map((pair, i) => row(i === 0 ? 'churn / parse only' : '', pairShareLine(pair, i + 1), 20)),
      row('', churnShareLine(median, pairs.length, parseFlood), 20),
      row('redis = simulator', groundTruthLine(groundTruths), 20),
      row('redis side', redisSideLine(median.churn, redisCapacity * CAPACITY_SECONDS, capacityRedis), 20),
      startLine,
      machineLine(20, 'at end'),
    ],
  );
});

/** Parse only and churn into Redis, measured one after the other on the same churn events. */
interface PhasePair {
  parse: PhaseResult;
  churn: PhaseResult;
}

const shareOf = (pair: PhasePair): number => pair.churn.appliedPerSec / pair.parse.receivedPerSec;

/** The pair whose share is the median (the lower middle one for an even count). */
function medianPair(pairs: readonly PhasePair[]): PhasePair {
  const sorted = [...pairs].sort((a, b) => shareOf(a) - shareOf(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function pairShareLine(pair: PhasePair, round: number): string {
  const perCore = (r: PhaseResult, rate: number): number => rate / r.cpuCores;
  const perCoreShare =
    perCore(pair.churn, pair.churn.appliedPerSec) / perCore(pair.parse, pair.parse.receivedPerSec);
  return (
    `#${round}: ${shareOf(pair).toFixed(2)} (per core ${perCoreShare.toFixed(2)}; ` +
    `steal ${stealText(pair.parse.steal)} / ${stealText(pair.churn.steal)})`
  );
}

/** The figure: events/s applied into Redis under churn over events/s parsed, median pair of this run. */
function churnShareLine(median: PhasePair, pairs: number, parseFlood: PhaseResult): string {
  const share = shareOf(median);
  const ofFlood = median.churn.appliedPerSec / parseFlood.receivedPerSec;
  return (
    `median of ${pairs}: ${share.toFixed(2)} (target >= ${TARGET_CHURN_SHARE}): ` +
    `${verdict(share >= TARGET_CHURN_SHARE)}; over parsing the flood instead ` +
    `(${count(parseFlood.bytesPerEvent)} B per event, not ${count(median.parse.bytesPerEvent)}): ${ofFlood.toFixed(2)}`
  );
}

/** After each churn phase: does Redis hold every member's pause state as the simulator has it? */
function groundTruthLine(checks: ReadonlyArray<GroundTruthCheck | undefined>): string {
  const done = checks.filter((c): c is GroundTruthCheck => c !== undefined);
  if (done.length === 0) return 'not checked';
  const differing = done.reduce((sum, c) => sum + c.differences.length, 0);
  const ok = done.length === checks.length && differing === 0 && done.every((c) => c.members > 0);
  return (
    `${verdict(ok)}: after each of ${done.length} churn phases, ${count(done[0].members)} members in the ` +
    `simulator's QueueStatus, ${count(differing)} differ in Redis (paused, reason; missing or extra)`
  );
}

/**
 * Redis's own account of the fenced batches: time inside the script per batch (commandstats) and Redis's
 * CPU per stored write (INFO cpu), both including whatever else used this Redis meanwhile.
 */
function redisSideLine(churn: PhaseResult, capacityWrites: number, capacity: RedisServerReading): string {
  const churnWrites = churn.flushedPerSec * churn.seconds;
  const perBatch = (r: RedisServerReading, writes: number): string =>
    r.scriptCalls > 0
      ? `${(r.scriptMicros / r.scriptCalls / 1000).toFixed(2)} ms per batch of ${Math.round(writes / r.scriptCalls)}`
      : 'no batches';
  const perWrite = (r: RedisServerReading, writes: number): string =>
    writes > 0 ? `${((r.cpuSeconds * 1e6) / writes).toFixed(1)} us CPU per write` : '-';
  return (
    `churn ${perBatch(churn.redis, churnWrites)}, ${perWrite(churn.redis, churnWrites)}; ` +
    `capacity ${perBatch(capacity, capacityWrites)}, ${perWrite(capacity, capacityWrites)}`
  );
}
