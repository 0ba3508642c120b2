// CPU the live-status pipeline spends per AMI event beyond parsing it, without a simulator process or
// a socket in the measurement: a figure that a busy machine moves far less than the throughputs of
// live-status-ingestion.bench.ts, where both processes compete for the cores with whatever else runs.
// Run: node -r @swc-node/register bench/live-status-pipeline-cpu.bench.ts [--events 200000] [--rounds 3]
//      [--read-bytes 65536] [--reads-per-turn 32]
//   A back end that falls behind gets full 64 KB reads, up to 32 per loop turn (what libuv reads at once);
//   one that keeps up gets a few events per read, one read per turn (e.g. --read-bytes 2048 --reads-per-turn 1).
//
// The churn stream of the ingestion bench (every event pauses or unpauses one of 1,334 members) is
// serialised once and cut into reads. Each round feeds it twice, as a socket would (a microtask
// checkpoint after each read, the next turn of the event loop after every --reads-per-turn reads):
//   parse only  AmiFrameParser, frames dropped
//   pipeline    AmiFrameParser -> LiveStatusIngestor (reducer) -> LiveStatusWriter -> fenced Redis batches,
//               until every event is applied and flushed
// CPU is process.cpuUsage (all threads, GC helpers included) over the events fed; the best round counts.
// At the end Redis must hold each member as its last event left it.
import { parseArgs } from 'node:util';
import { PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AmiClient, AmiFrameParser, type AmiMessage } from '@cc/ami';
import { PbxSimulator, generatedTopology, serializeAmiFields, type AmiFields } from '@cc/pbx-sim';
import { LiveStatusWriter } from '../apps/back/src/live-status/adapters/live-status.writer';
import { createLiveStatusPipeline } from '../apps/back/src/live-status/ingestion/live-status.pipeline';
import { listFrames } from '../apps/back/src/ami/ami-list.answer';
import { memberIdOf } from '../apps/back/src/live-status/domain/live-status.types';
import { machineLine, printBlock, row, verdict } from './support/bench-report';
import { runBench, waitFor } from './support/bench-runner';
import { openBenchRedis } from './support/bench-services';
import { memberStatusEvent, simMembers } from './support/member-status.events';

interface Cost {
  /** CPU microseconds per event. */
  cpu: number;
  /** Main-thread GC pause microseconds per event. */
  gc: number;
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function feed(
  reads: readonly Buffer[],
  perTurn: number,
  onMessage: (message: AmiMessage) => void,
): Promise<void> {
  const parser = new AmiFrameParser({ expectBanner: false, onMessage });
  for (let i = 0; i < reads.length; i += perTurn) {
    for (let j = i; j < Math.min(reads.length, i + perTurn); j++) {
      parser.push(reads[j]);
      // What the end of a socket callback gives: queued microtasks run before the next read.
      await Promise.resolve();
    }
    await nextTurn();
  }
}

async function measure(events: number, work: () => Promise<void>): Promise<Cost> {
  const gcBefore = gcMs;
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / events, gc: ((gcMs - gcBefore) * 1000) / events };
}

runBench('live-status pipeline cpu', 300, async (ctx) => {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      rounds: { type: 'string', default: '3' },
      'read-bytes': { type: 'string', default: String(64 * 1024) },
      'reads-per-turn': { type: 'string', default: '32' },
    },
  });
  const startLine = machineLine(20, 'at start');
  const credentials = { amiUser: 'bench', amiSecret: 'bench', httpPort: null };
  const sim = await PbxSimulator.start({ ...credentials, topology: generatedTopology(1000, 20) });
  ctx.defer(() => sim.stop());
  const phone = sim.model.topology.endpoints[0];
  if (phone) sim.model.register(phone.name);

  const members = simMembers(sim);
  const churn: AmiFields[] = [
    ...members.map((m) => memberStatusEvent(sim, m, true, 'Break')),
    ...members.map((m) => memberStatusEvent(sim, m, false, '')),
  ];
  const cycles = Math.max(1, Math.round(Number(values.events) / churn.length));
  const events = cycles * churn.length;
  const stream = Buffer.from(churn.map(serializeAmiFields).join('').repeat(cycles));
  const reads: Buffer[] = [];
  const readBytes = Number(values['read-bytes']);
  const perTurn = Number(values['reads-per-turn']);
  for (let at = 0; at < stream.length; at += readBytes) reads.push(stream.subarray(at, at + readBytes));

  const { ingestionSink, store } = await openBenchRedis(ctx, 'pipecpu');
  const writer = new LiveStatusWriter(ingestionSink, {
    logger: { debug: () => undefined, warn: console.warn, error: console.error },
  });
  const { ingestor } = createLiveStatusPipeline(
    writer,
    { error: (message, error) => console.error(`ingestor: ${message}`, error) },
    { listTimeoutMs: 10_000 },
  );
  // The simulator only answers the rebuild's lists; the measured events never touch a socket.
  const client = new AmiClient({
    host: '127.0.0.1',
    port: sim.amiPort,
    username: credentials.amiUser,
    secret: credentials.amiSecret,
    pingIntervalMs: 600_000,
    reconnect: { initialDelayMs: 60_000 },
  });
  client.onConnected(() => {
    ingestor.rebuild({ list: listFrames.bind(null, client) }).catch((error: unknown) => console.error(error));
  });
  client.start();
  ctx.defer(() => client.stop());
  await waitFor('AMI login and rebuild', () => ingestor.status.mode === 'live', 15_000);

  const rounds: Array<{ parse: Cost; pipeline: Cost }> = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const parse = await measure(events, () => feed(reads, perTurn, () => undefined));
    const processedBefore = ingestor.status.processed;
    const pipeline = await measure(events, async () => {
      await feed(reads, perTurn, (frame) => ingestor.push(frame));
      await waitFor('the ingestion to drain', () => ingestor.status.buffered === 0, 60_000);
      await writer.flush();
    });
    const processed = ingestor.status.processed - processedBefore;
    if (processed !== events) throw new Error(`${processed} events applied of ${events} fed`);
    rounds.push({ parse, pipeline });
  }

  // Each member's last event in the stream is the state Redis must hold.
  const expected = new Map<string, boolean>();
  for (const fields of churn) {
    const field = (name: string): string => fields.find(([key]) => key === name)?.[1] ?? '';
    expected.set(memberIdOf(field('Queue'), field('Interface')), field('Paused') === '1');
  }
  const stored = await store.getAllOperators();
  const wrong = stored.filter((o) => expected.get(o.id) !== o.paused).length + expected.size - stored.length;
  if (wrong !== 0) process.exitCode = 1;

  const us = (value: number): string => `${value.toFixed(2)} us`;
  const best = rounds.reduce((a, b) => (b.pipeline.cpu - b.parse.cpu < a.pipeline.cpu - a.parse.cpu ? b : a));
  printBlock(
    `live-status pipeline CPU per event, churn stream of ${events.toLocaleString('en-US')} events in ` +
      `${readBytes.toLocaleString('en-US')}-byte reads, ${perTurn} per turn (no sockets), ${rounds.length} rounds`,
    [
      ...rounds.map((r, i) =>
        row(
          `round ${i + 1}`,
          `parse ${us(r.parse.cpu)} (gc ${us(r.parse.gc)}), pipeline ${us(r.pipeline.cpu)} ` +
            `(gc ${us(r.pipeline.gc)}): beyond parsing ${us(r.pipeline.cpu - r.parse.cpu)}`,
          20,
        ),
      ),
      row(
        'best round',
        `beyond parsing ${us(best.pipeline.cpu - best.parse.cpu)} per event; parsing / pipeline = ` +
          `${(best.parse.cpu / best.pipeline.cpu).toFixed(2)} (the ingestion bench's churn share per core, ` +
          'without the socket reads)',
        20,
      ),
      row(
        'redis = last events',
        `${verdict(wrong === 0)}: ${stored.length} members stored, ${wrong} not as their last event left them`,
        20,
      ),
      startLine,
      machineLine(20, 'at end'),
    ],
  );
});
