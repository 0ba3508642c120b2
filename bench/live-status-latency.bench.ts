// Latency from an AMI event written on the socket to its effect readable in Redis, at a fixed rate, beside
// the same pipeline storing into Postgres, measured in the same run.
// Run: node -r @swc-node/register bench/live-status-latency.bench.ts [--rate 2000] [--seconds 5]
//
// The simulator runs in this process so send and store times come from one clock. Each event pauses a
// member with a unique reason (`lat-<seq>`); the reason travels through reducer and writer into the stored
// operator, and the moment the store acknowledges the batch holding it ends that event's sample.
import { parseArgs } from 'node:util';
import { PbxSimulator, generatedTopology, type SimMember } from '@cc/pbx-sim';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusStoreBatchSink } from '../apps/back/src/live-status/writes/live-status-store.types';
import {
  count,
  machineLine,
  ms,
  printBlock,
  row,
  summarize,
  verdict,
  type LatencySummary,
} from './support/bench-report';
import { runBench, sleep, type BenchContext } from './support/bench-runner';
import { openBenchRedis, openThrowawayDatabase } from './support/bench-services';
import { startIngestion } from './support/live-ingestion.pipeline';
import { memberStatusEvent, simMembers } from './support/member-status.events';
import { SIM_CREDENTIALS } from './support/pbx-sim.process';
import { PostgresLiveStatusStoreSink } from './support/postgres-live-store.sink';
import { TimedLiveStatusStoreSink } from './support/timed-live-store.sink';

const TARGET_P99_MS = 10;
const WARMUP_MS = 500;
const REASON_PREFIX = 'lat-';

interface PhaseResult {
  latency: LatencySummary;
  sent: number;
  /** Events whose own value was never stored (a later event for the same member replaced it first). */
  unmatched: number;
  lastSeq: number;
  achievedRate: number;
}

/** Sends `rate` events/s for `seconds`, each changing a member; returns the per-event store latency. */
async function measurePhase(
  sim: PbxSimulator,
  members: readonly SimMember[],
  store: LiveStatusStoreBatchSink,
  rate: number,
  seconds: number,
): Promise<PhaseResult> {
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  const warmupEvents = Math.round((rate * WARMUP_MS) / 1000);
  const timed = new TimedLiveStatusStoreSink(store, (writes: readonly LiveStatusChange[], at: number) => {
    for (const write of writes) {
      if (write.kind !== 'operator' || write.op !== 'upsert') continue;
      const reason = write.value.pausedReason;
      if (!reason.startsWith(REASON_PREFIX)) continue;
      const seq = Number(reason.slice(REASON_PREFIX.length));
      const sent = sentAt.get(seq);
      if (sent === undefined) continue;
      sentAt.delete(seq);
      if (seq >= warmupEvents) samples.push(at - sent);
    }
  });
  const pipeline = await startIngestion(sim.amiPort, SIM_CREDENTIALS, timed);
  let sent = 0;
  try {
    const total = warmupEvents + rate * seconds;
    const started = performance.now();
    // A 1 ms timer sends whatever is due, so the rate holds even when a tick comes late.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
        while (sent < due) {
          const member = members[sent % members.length];
          const event = memberStatusEvent(sim, member, true, `${REASON_PREFIX}${sent}`);
          sentAt.set(sent, performance.now());
          sim.model.emit(event);
          sent++;
        }
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    const achievedRate = (sent * 1000) / (performance.now() - started);
    await sleep(100);
    await pipeline.flush();
    return {
      latency: summarize(samples),
      sent: sent - warmupEvents,
      unmatched: [...sentAt.keys()].filter((seq) => seq >= warmupEvents).length,
      lastSeq: sent - 1,
      achievedRate,
    };
  } finally {
    await pipeline.stop();
  }
}

runBench('live-status latency', 60, async (ctx: BenchContext) => {
  const { values } = parseArgs({
    options: { rate: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '5' } },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const { store, ingestionSink, redis } = await openBenchRedis(ctx, 'latency');
  const postgres = await PostgresLiveStatusStoreSink.create(await openThrowawayDatabase(ctx, 'latency'));
  const sim = await PbxSimulator.start({
    amiUser: SIM_CREDENTIALS.username,
    amiSecret: SIM_CREDENTIALS.secret,
    httpPort: null,
    // 200 members: at 2,000 events/s each member changes every 100 ms, so no two events of one member
    // share a write batch and every event yields its own sample.
    topology: generatedTopology(150, 10),
  });
  ctx.defer(() => sim.stop());
  const members = simMembers(sim);

  const onRedis = await measurePhase(sim, members, ingestionSink, rate, seconds);
  // Read back through another connection: the last event's reason must be what Redis now holds.
  const last = members[onRedis.lastSeq % members.length];
  const stored = await redis.get(store.keys.operator(`${last.queue}:${last.interface}`));
  const readBack = stored !== null && stored.includes(`"${REASON_PREFIX}${onRedis.lastSeq}"`);
  const onPostgres = await measurePhase(sim, members, postgres, rate, seconds);

  const line = (r: PhaseResult): string =>
    `p50 ${ms(r.latency.p50).padStart(9)}   p99 ${ms(r.latency.p99).padStart(9)}   max ${ms(r.latency.max).padStart(9)}` +
    `   (${count(r.latency.count)} samples, ${count(r.unmatched)} unmatched, ${Math.round(r.achievedRate)} events/s)`;
  printBlock(
    `live-status latency, AMI event on the socket -> stored (${count(rate)} events/s, ${seconds} s, ${members.length} members)`,
    [
      row('redis', line(onRedis), 10),
      row('postgres', line(onPostgres), 10),
      row(
        'ratio',
        `postgres/redis p50 = ${(onPostgres.latency.p50 / onRedis.latency.p50).toFixed(1)}x, ` +
          `p99 = ${(onPostgres.latency.p99 / onRedis.latency.p99).toFixed(1)}x   ` +
          `(target redis p99 < ${TARGET_P99_MS} ms: ${verdict(onRedis.latency.p99 < TARGET_P99_MS)})`,
        10,
      ),
      row(
        'check',
        `last event read back from Redis over another connection: ${readBack ? 'ok' : 'NOT FOUND'}`,
        10,
      ),
      machineLine(10),
    ],
  );
  if (!readBack) process.exitCode = 1;
});
