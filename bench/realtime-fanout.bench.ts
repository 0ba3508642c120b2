// Realtime fan-out: 1,000 socket.io-client connections in a separate process, 500 live-state changes
// per second for 30 s through the real gateway (coalesced per entity, one live:batch per room per flush,
// per-room sequenced, over the Redis streams adapter), then the same workload through a naive server
// that emits every change to every client as it happens, as the service we replace did. Both measured
// in this run, from when a change was due (both processes read the same machine clock):
//   delivered: to the receipt of that change's value, for every value a client received;
//   held:      to when the client held a value at least that new, for every change of its room (a
//              change that coalescing replaced by a later one counts its wait for that later one);
//   bytes per client per second received during the run, and per change sent.
// FANOUT_SECONDS (or BENCH_REALTIME_SECONDS) shortens the run; FANOUT_CLIENTS (BENCH_REALTIME_CLIENTS)
// changes the clients; REALTIME_FLUSH_MS and REALTIME_COALESCE_MS are passed to the gateway;
// FANOUT_SKIP_NAIVE=1 measures the gateway alone (no verdict); FANOUT_CPU_PROFILE_DIR writes CPU profiles.
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { REALTIME_SOCKET_PATH } from '@cc/contracts';
import { Server } from 'socket.io';
import { AppModule } from '../apps/back/src/app.module';
import { AuthService } from '../apps/back/src/auth/auth.service';
import { appConfig } from '../apps/back/src/config/app.config';
import { realtimeConfig, type RealtimeConfig } from '../apps/back/src/config/realtime.config';
import { parseEnv } from '../apps/back/src/config/env.schema';
import { AppEventBus } from '../apps/back/src/events/app-event.bus';
import { configureApp } from '../apps/back/src/app.setup';
import { RealtimeServer } from '../apps/back/src/realtime/realtime.server';
import { machineLine, ms, printBlock, row, verdict } from './support/bench-report';
import { cpuProfiler } from './support/cpu-profiler';
import { healthLine, watchProcess, type ProcessHealth } from './support/process-health';
import { runBench, sleep, type BenchContext } from './support/bench-runner';
import { openThrowawayDatabase, uniqueName } from './support/bench-services';
import type {
  ChildMessage,
  ClientsMode,
  ClientsReport,
  ClientsStart,
} from './support/realtime-fanout.clients';
import {
  CHANGES_PER_SECOND,
  CHANGES_PER_TICK,
  TICK_MS,
  baseState,
  liveChange,
  plannedAtMs,
} from './support/realtime-fanout.workload';

const CLIENTS = Number(process.env['FANOUT_CLIENTS'] ?? process.env['BENCH_REALTIME_CLIENTS'] ?? 1000);
const SECONDS = Number(process.env['FANOUT_SECONDS'] ?? process.env['BENCH_REALTIME_SECONDS'] ?? 30);
// Gateway settings under test; unset = the defaults of the env schema.
const GATEWAY_ENV = Object.fromEntries(
  ['REALTIME_FLUSH_MS', 'REALTIME_COALESCE_MS'].flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [[name, value]];
  }),
);
const TOTAL = CHANGES_PER_SECOND * SECONDS;
const DRAIN_MS = 3000;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

type Emit = (index: number, at: string) => void;
/** Packets queued on the server for sockets that have not taken them yet. */
type Backlog = () => number;

// A server whose clients cannot keep up queues packets without limit (the naive one reached 3 GB here):
// past this many queued packets per client on average the sender waits, so the delay shows up as
// latency instead of as memory. The same rule applies to both servers.
const BACKLOG_PER_CLIENT = 100;
const MAX_DRAIN_MS = 30_000;
// A server that falls this far behind its schedule stops sending: what it managed is the result.
const MAX_SEND_OVERRUN_MS = 15_000;

function serverBacklog(io: { of(name: string): { sockets: Map<string, unknown> } } | null): number {
  if (!io) return 0;
  let queued = 0;
  for (const socket of io.of('/').sockets.values()) {
    queued += (socket as { conn?: { writeBuffer?: unknown[] } }).conn?.writeBuffer?.length ?? 0;
  }
  return queued;
}

interface PhaseResult {
  report: ClientsReport;
  sendLagP99: number;
  /** Time the sender waited for clients to take their backlog. */
  stalledMs: number;
  /** Changes sent before the run ended or fell too far behind. */
  sent: number;
  /** From the start of the run to the report, drain included. */
  seconds: number;
  /** The server's process meanwhile (the sender's share included). */
  server: ProcessHealth;
}

async function startClients(ctx: BenchContext, start: ClientsStart): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'support', 'realtime-fanout.clients.ts'), [JSON.stringify(start)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.defer(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const [message] = (await once(child, 'message')) as [ChildMessage];
  if (message.type !== 'ready') throw new Error(`clients (${start.mode}): ${JSON.stringify(message)}`);
  return child;
}

/** Sends the planned changes on time (catching up after a late tick), then collects the clients' report. */
async function runPhase(child: ChildProcess, emit: Emit, backlog: Backlog): Promise<PhaseResult> {
  const startedAt = Date.now() + 200;
  const watch = watchProcess();
  child.send({ type: 'go', startedAt });
  const lags: number[] = [];
  let next = 0;
  let stalledMs = 0;
  while (next < TOTAL) {
    const due = startedAt + plannedAtMs(next);
    if (Date.now() - due > MAX_SEND_OVERRUN_MS) break;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    while (backlog() > BACKLOG_PER_CLIENT * CLIENTS) {
      await sleep(5);
      stalledMs += 5;
    }
    const at = new Date().toISOString();
    lags.push(Date.now() - due);
    for (let n = 0; n < CHANGES_PER_TICK && next < TOTAL; n++, next++) emit(next, at);
  }
  const drainUntil = Date.now() + MAX_DRAIN_MS;
  while (backlog() > 0 && Date.now() < drainUntil) await sleep(20);
  await sleep(DRAIN_MS);
  const reply = once(child, 'message');
  child.send({ type: 'report' });
  const [message] = (await reply) as [ChildMessage];
  if (message.type !== 'report') throw new Error(`clients: ${JSON.stringify(message)}`);
  lags.sort((a, b) => a - b);
  return {
    report: message.report,
    sendLagP99: lags[Math.floor(lags.length * 0.99)] ?? 0,
    stalledMs,
    sent: next,
    seconds: (Date.now() - startedAt) / 1000,
    server: watch.stop(),
  };
}

function quantile(histogram: readonly number[], q: number): number {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= total * q) return i;
  }
  return Number.NaN;
}

async function startBackEnd(
  ctx: BenchContext,
): Promise<{ settings: string; url: string; token: string; bus: AppEventBus; backlog: Backlog }> {
  const database = await openThrowawayDatabase(ctx, 'realtime');
  const parsed = parseEnv({
    NODE_ENV: 'test',
    // The benchmark has no PBX on purpose: the AMI reconnect warnings would only bury its figures.
    LOG_LEVEL: 'error',
    DATABASE_URL: String((database.options as { url?: string }).url),
    REDIS_URL,
    REDIS_KEY_PREFIX: `${uniqueName('realtime')}:`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    WEBHOOK_TOKEN: randomBytes(12).toString('hex'),
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    SOFTPHONE_DIST_DIR: 'tmp/no-softphone-in-bench',
    // No PBX: the benchmark is the only source of live-state changes.
    AMI_HOST: '127.0.0.1',
    AMI_PORT: '1',
    PBX_SIM_SIP_WS_PORT: '0',
    ...GATEWAY_ENV,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ env: parsed.env }), {
    bufferLogs: true,
  });
  configureApp(app, appConfig.build(parsed.env));
  await app.listen(0, '127.0.0.1');
  ctx.defer(() => app.close());
  const { port } = app.getHttpServer().address() as AddressInfo;
  const { accessToken } = await app.get(AuthService).issueToken({
    id: '00000000-0000-4000-8000-000000000001',
    username: 'bench-supervisor',
    role: 'supervisor',
    extension: null,
  });
  const server = app.get(RealtimeServer);
  const { flushMs, coalesceMs } = app.get<RealtimeConfig>(realtimeConfig.KEY);
  return {
    settings: `REALTIME_COALESCE_MS ${coalesceMs}, REALTIME_FLUSH_MS ${flushMs}`,
    url: `http://127.0.0.1:${port}`,
    token: accessToken,
    bus: app.get(AppEventBus),
    backlog: () => serverBacklog(server.io),
  };
}

/** The service we replace: one socket.io server, every change to every client the moment it happens. */
async function startNaiveServer(ctx: BenchContext): Promise<{ url: string; io: Server }> {
  const http = createServer();
  const io = new Server(http, { path: REALTIME_SOCKET_PATH });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  ctx.defer(() => new Promise((resolve) => io.close(() => resolve(undefined))));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, io };
}

function figures(label: string, result: PhaseResult): string[] {
  const { report } = result;
  const bytesPerClientPerSecond = report.bytes / report.clients / result.seconds;
  const reached = (100 * report.deliveries) / Math.max(1, report.expectedDeliveries);
  // The histogram's last bucket holds everything from its width on.
  const at = (histogram: readonly number[], q: number) => {
    const value = quantile(histogram, q);
    return value >= histogram.length - 1 ? `> ${((histogram.length - 1) / 1000).toFixed(0)} s` : ms(value, 0);
  };
  const latency = (histogram: readonly number[]) => `p50 ${at(histogram, 0.5)}, p99 ${at(histogram, 0.99)}`;
  return [
    row(
      label,
      `delivered ${latency(report.deliveredHistogram)} (${report.received.toLocaleString('en-US')} values received); ` +
        `held ${latency(report.histogram)}`,
      12,
    ),
    row(
      '',
      `${Math.round(bytesPerClientPerSecond).toLocaleString('en-US')} B/client/s, ` +
        `${(report.messages / report.clients / result.seconds).toFixed(1)} messages/client/s; ` +
        `${reached.toFixed(1)}% of ${report.expectedDeliveries.toLocaleString('en-US')} changes reached their clients` +
        (report.resyncs > 0 ? `; ${report.resyncs} resyncs` : ''),
      12,
    ),
    row(
      '',
      `sender lag p99 ${ms(result.sendLagP99, 0)} (a tick of changes left this late)` +
        (result.stalledMs > 0
          ? `; sender waited ${(result.stalledMs / 1000).toFixed(1)} s for slow clients`
          : '') +
        (result.sent < TOTAL
          ? `; sent ${result.sent.toLocaleString('en-US')} of ${TOTAL.toLocaleString('en-US')}`
          : ''),
      12,
    ),
    row('', healthLine('server', result.server, result.seconds), 12),
    row('', healthLine('clients', report.health, result.seconds), 12),
  ];
}

runBench('realtime-fanout', 600, async (ctx) => {
  const loadBefore = machineLine(12);
  const backEnd = await startBackEnd(ctx);
  const at = new Date().toISOString();
  backEnd.bus.emit('live.state.rebuilt', { at, version: 0, channels: [], ...baseState(at) });

  const start = (mode: ClientsMode, url: string): ClientsStart => ({
    mode,
    url,
    token: backEnd.token,
    clients: CLIENTS,
    totalChanges: TOTAL,
  });

  // FANOUT_CPU_PROFILE_DIR: CPU profiles of the server and of the clients over the gateway's run.
  const profiler = cpuProfiler(process.env['FANOUT_CPU_PROFILE_DIR']);
  const oursClients = await startClients(ctx, start('ours', backEnd.url));
  const ours = await profiler.around('realtime-fanout-gateway', () =>
    runPhase(
      oursClients,
      (i, sentAt) => backEnd.bus.emit('live.state.changed', { changes: [liveChange(i, sentAt)] }),
      backEnd.backlog,
    ),
  );

  if (process.env['FANOUT_SKIP_NAIVE'] === '1') {
    // For quick looks at the gateway alone; a result to report always measures the baseline too.
    printBlock(`realtime fan-out, gateway only (FANOUT_SKIP_NAIVE=1); ${backEnd.settings}`, [
      ...figures('gateway', ours),
      row('before', loadBefore.trim().replace(/^machine\s*/, ''), 12),
      machineLine(12),
    ]);
    return;
  }
  const naive = await startNaiveServer(ctx);
  const naiveClients = await startClients(ctx, start('naive', naive.url));
  const baseline = await runPhase(
    naiveClients,
    (i, sentAt) => {
      const change = liveChange(i, sentAt);
      naive.io.emit(change.kind === 'operator' ? 'operator:updated' : 'queue:updated', change);
    },
    () => serverBacklog(naive.io),
  );

  const oursP99 = quantile(ours.report.deliveredHistogram, 0.99);
  // Per change sent, so a baseline that could not send everything is not flattered.
  const oursBytes = ours.report.bytes / ours.report.clients / ours.sent;
  const naiveBytes = baseline.report.bytes / baseline.report.clients / baseline.sent;
  printBlock(
    `realtime fan-out: ${CLIENTS.toLocaleString('en-US')} clients in another process (1 in 10 on live, the rest on ` +
      `one queue each), ${CHANGES_PER_SECOND} changes/s for ${SECONDS} s, sent every ${TICK_MS} ms; ${backEnd.settings}`,
    [
      ...figures('gateway', ours),
      ...figures('naive', baseline),
      row(
        'verdict',
        `${verdict(oursP99 < 100)} p99 < 100 ms from a change to its receipt; ${verdict(oursBytes < naiveBytes)} ` +
          `fewer bytes per client per change sent than the baseline (${Math.round(oursBytes)} vs ` +
          `${Math.round(naiveBytes)} B, ${((100 * oursBytes) / naiveBytes).toFixed(1)}%)`,
        12,
      ),
      row(
        '',
        `'held' adds coalescing by design: an entity changing faster than once per REALTIME_COALESCE_MS is ` +
          `sent once per window, so its changes wait up to a window for the value that replaces them`,
        12,
      ),
      row('before', loadBefore.trim().replace(/^machine\s*/, ''), 12),
      machineLine(12),
    ],
  );
});
