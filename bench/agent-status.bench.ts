// Agent status on the server, through the real application (NestFactory, AppModule) against the PBX
// simulator in this process, a throwaway Postgres database and the real Redis:
//   1. status changes per second through setStatus (one transaction: row lock, history closed and
//      opened), beside the same status writes as bare UPDATEs without transaction or history;
//   2. PUT /api/agents/:ext/status -> QueuePause received by the simulator, p50/p99 at 100 changes/s
//      once the server has served its first second of them (timed apart), beside a QueuePause sent
//      straight through the AMI action port;
//   3. endpoint loss -> OFFLINE, event-driven with the debounce, beside the safety-net sync and the
//      300 s cron of the system we replace.
// Run: node -r @swc-node/register bench/agent-status.bench.ts [--seconds 3] [--rate 100] [--debounce 1000]
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { AmiActionLogEntry } from '@cc/pbx-sim';
import type { AgentStatus } from '@cc/contracts';
import { DataSource } from 'typeorm';
import { AgentStatusService } from '../apps/back/src/agent-status/agent-status.service';
import { EndpointSyncCron } from '../apps/back/src/agent-status/endpoint-sync.cron';
import { AMI_ACTION_PORT, type AmiActionPort } from '../apps/back/src/ami/ami-action.port';
import { AppModule } from '../apps/back/src/app.module';
import { AuthService } from '../apps/back/src/auth/auth.service';
import { appConfig } from '../apps/back/src/config/app.config';
import { parseEnv } from '../apps/back/src/config/env.schema';
import { AppEventBus } from '../apps/back/src/events/app-event.bus';
import { configureApp } from '../apps/back/src/app.setup';
import { LiveStatusIngestionService } from '../apps/back/src/live-status/ingestion/live-status-ingestion.service';
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
import { runBench, sleep, waitFor, type BenchContext } from './support/bench-runner';
import { openThrowawayDatabase, uniqueName } from './support/bench-services';
import type { AgentSimCommand } from './agent-status-sim.child';
import { SIM_CREDENTIALS } from './support/pbx-sim.process';

const AGENTS = Array.from({ length: 20 }, (_, i) => String(1001 + i));
const TARGET_P99_MS = 50;
const OLD_CRON_SECONDS = 300;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** The simulator in its child process. */
interface SimHandle {
  amiPort: number;
  actionLog(from: number): Promise<AmiActionLogEntry[]>;
  /** Phones lose their network; resolves with the child's clock at that moment. */
  qualifyFailed(extensions: string[]): Promise<number>;
}

async function startSim(ctx: BenchContext): Promise<SimHandle> {
  const child = fork(join(__dirname, 'agent-status-sim.child.ts'), [String(AGENTS.length)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.defer(async () => {
    if (child.exitCode !== null) return;
    child.send({ cmd: 'stop' } satisfies AgentSimCommand);
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await once(child, 'exit');
    clearTimeout(killer);
  });
  const ask = async <T>(command: AgentSimCommand): Promise<T> => {
    const answer = once(child, 'message');
    child.send(command);
    return (await answer)[0] as T;
  };
  const [ready] = (await once(child, 'message')) as [{ amiPort: number }];
  return {
    amiPort: ready.amiPort,
    actionLog: async (from) => (await ask<{ log: AmiActionLogEntry[] }>({ cmd: 'log', from })).log,
    qualifyFailed: async (extensions) => (await ask<{ at: number }>({ cmd: 'qualifyFailed', extensions })).at,
  };
}

interface BenchApp {
  app: NestExpressApplication;
  url: string;
  tokens: Map<string, string>;
  dataSource: DataSource;
}

async function startApp(ctx: BenchContext, sim: SimHandle, debounceMs: number): Promise<BenchApp> {
  const database = await openThrowawayDatabase(ctx, 'agent_status');
  const databaseUrl = (database.options as { url: string }).url;
  const parsed = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${uniqueName('agent_status')}:`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    WEBHOOK_TOKEN: randomBytes(12).toString('hex'),
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    SOFTPHONE_DIST_DIR: 'tmp/no-softphone-in-bench',
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(sim.amiPort),
    AMI_USER: SIM_CREDENTIALS.username,
    AMI_SECRET: SIM_CREDENTIALS.secret,
    INSTANCE_ID: `bench-${randomBytes(3).toString('hex')}`,
    ENDPOINT_DEBOUNCE_MS: String(debounceMs),
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ env: parsed.env, runMigrations: true }),
    { logger: false, abortOnError: false },
  );
  configureApp(app, appConfig.build(parsed.env));
  await app.listen(0, '127.0.0.1');
  ctx.defer(() => app.close());
  const ingestion = app.get(LiveStatusIngestionService);
  await waitFor('AMI ingestion live', () => ingestion.ingestorStatus.mode === 'live', 15_000);

  const dataSource = app.get(DataSource);
  const auth = app.get(AuthService);
  const tokens = new Map<string, string>();
  for (const extension of AGENTS) {
    const username = `bench_${extension}`;
    const [{ id }] = await dataSource.query(
      `INSERT INTO users (username, password_hash, role, extension) VALUES ($1, 'not-a-hash', 'operator', $2) RETURNING id`,
      [username, extension],
    );
    tokens.set(extension, (await auth.issueToken({ id, username, role: 'operator', extension })).accessToken);
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, tokens, dataSource };
}

/** Changes per second, `workers` agents at a time, for `seconds`. */
async function throughput(
  seconds: number,
  change: (extension: string, i: number) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    AGENTS.map(async (extension) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await change(extension, i);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - started);
}

/** PUTs at `rate`/s, alternating BREAK and ONLINE per agent; each sample ends when the simulator logs the QueuePause. */
async function putToQueuePause(
  bench: BenchApp,
  sim: SimHandle,
  rate: number,
  seconds: number,
): Promise<LatencySummary> {
  const sent: Array<{ iface: string; paused: boolean; at: number }> = [];
  const logStart = (await sim.actionLog(0)).length;
  const total = rate * seconds;
  const pending: Array<Promise<unknown>> = [];
  const started = Date.now();
  const turn = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const extension = AGENTS[i % AGENTS.length];
    const n = (turn.get(extension) ?? 0) + 1;
    turn.set(extension, n);
    const status: AgentStatus = n % 2 === 1 ? 'BREAK' : 'ONLINE';
    sent.push({ iface: `PJSIP/${extension}`, paused: status !== 'ONLINE', at: Date.now() });
    pending.push(
      fetch(`${bench.url}/api/agents/${extension}/status`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${bench.tokens.get(extension)}`,
        },
        body: JSON.stringify({ status }),
      }),
    );
  }
  await Promise.all(pending);
  await sleep(500);
  // Match each agent's changes, in order, with the QueuePause actions for its interface (the change-time
  // ones carry no Queue header; the reconcile's per-queue fixes are not samples).
  const log = (await sim.actionLog(logStart)).filter(
    (a) => a.action.toLowerCase() === 'queuepause' && a.fields['Queue'] === undefined,
  );
  const samples: number[] = [];
  for (const extension of AGENTS) {
    const iface = `PJSIP/${extension}`;
    const actions = log.filter((a) => a.fields['Interface'] === iface);
    const changes = sent.filter((s) => s.iface === iface);
    let j = 0;
    for (const change of changes) {
      while (j < actions.length && (actions[j].fields['Paused'] === 'true') !== change.paused) j++;
      if (j >= actions.length) break;
      samples.push(actions[j].realTime - change.at);
      j++;
    }
  }
  return summarize(samples);
}

/** A QueuePause straight through the action port, timed to the simulator's log: the floor under PUT. */
async function portToQueuePause(
  port: AmiActionPort,
  sim: SimHandle,
  samples: number,
): Promise<LatencySummary> {
  const out: number[] = [];
  const logStart = (await sim.actionLog(0)).length;
  const sentAt: number[] = [];
  for (let i = 0; i < samples; i++) {
    sentAt.push(Date.now());
    await port.send({ Action: 'QueuePause', Interface: 'PJSIP/1001', Paused: i % 2 === 0, Reason: 'bench' });
    await sleep(10);
  }
  const log = (await sim.actionLog(logStart)).filter(
    (a) => a.action.toLowerCase() === 'queuepause' && a.fields['Reason'] === 'bench',
  );
  log.forEach((entry, i) => out.push(entry.realTime - sentAt[i]));
  return summarize(out);
}

runBench('agent status', 180, async (ctx) => {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '3' },
      rate: { type: 'string', default: '100' },
      debounce: { type: 'string', default: '1000' },
    },
  });
  const seconds = Number(values.seconds);
  const rate = Number(values.rate);
  const debounceMs = Number(values.debounce);
  const sim = await startSim(ctx);
  const bench = await startApp(ctx, sim, debounceMs);
  const service = bench.app.get(AgentStatusService);

  // 1. Throughput: the same status flips, with and without the transaction and history.
  const statuses: AgentStatus[] = ['BREAK', 'ONLINE'];
  const withHistory = await throughput(seconds, (ext, i) =>
    service.setStatus(ext, statuses[i % 2], { source: 'system', actor: null }),
  );
  const bare = await throughput(seconds, (ext, i) =>
    bench.dataSource.query(
      `UPDATE agent_statuses SET status = $2, status_changed_at = now() WHERE extension = $1`,
      [ext, statuses[i % 2]],
    ),
  );
  const [{ rows }] = await bench.dataSource.query(`SELECT count(*)::int AS rows FROM agent_status_history`);
  await sleep(1500);

  // 2. Latency PUT -> QueuePause at the simulator, each timed run starting with every agent ONLINE.
  const allOnline = async (): Promise<void> => {
    for (const ext of AGENTS) await service.setStatus(ext, 'ONLINE', { source: 'system', actor: null });
    await sleep(500);
  };
  await allOnline();
  // The first second of requests after start is timed on its own: it pays for what a running server
  // has already done once (compiling the request path, opening keep-alive sockets), and over 300
  // samples its first few requests alone would be the p99.
  const cold = await putToQueuePause(bench, sim, rate, 1);
  await allOnline();
  // The event loop's delay beside it says whether a slow sample waited in this process or outside it
  // (Postgres, the simulator, the machine).
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const put = await putToQueuePause(bench, sim, rate, seconds);
  loopDelay.disable();
  const direct = await portToQueuePause(bench.app.get<AmiActionPort>(AMI_ACTION_PORT), sim, 100);

  // 3. Endpoint loss -> OFFLINE: five agents lose their network at once.
  const events = bench.app.get(AppEventBus);
  const lost = AGENTS.slice(0, 5);
  for (const ext of lost) await service.setStatus(ext, 'ONLINE', { source: 'system', actor: null });
  const offlineAt = new Map<string, number>();
  const off = events.on('agent.status.changed', (e) => {
    if (e.status === 'OFFLINE' && lost.includes(e.extension) && !offlineAt.has(e.extension))
      offlineAt.set(e.extension, Date.now());
  });
  const lossAt = Date.now();
  await sim.qualifyFailed(lost);
  await waitFor('every lost agent OFFLINE', () => offlineAt.size === lost.length, debounceMs + 10_000);
  off();
  const detection = summarize([...offlineAt.values()].map((at) => at - lossAt));
  const syncStarted = performance.now();
  await bench.app.get(EndpointSyncCron).sync();
  const syncMs = performance.now() - syncStarted;

  printBlock(`agent status (${AGENTS.length} agents, ${seconds} s per phase)`, [
    row(
      'setStatus',
      `${count(Math.round(withHistory))} changes/s with transaction, row lock and history (${count(rows)} history rows)`,
    ),
    row(
      'baseline',
      `${count(Math.round(bare))} bare UPDATEs/s, no transaction, no history: history costs ${(bare / withHistory).toFixed(1)}x`,
    ),
    row(
      'PUT->QueuePause',
      `p50 ${ms(put.p50)}  p99 ${ms(put.p99)}  max ${ms(put.max)}  (${count(put.count)} samples at ${rate}/s; target p99 < ${TARGET_P99_MS} ms: ${verdict(put.p99 < TARGET_P99_MS)})`,
    ),
    row(
      'first second',
      `p50 ${ms(cold.p50)}  p99 ${ms(cold.p99)}  max ${ms(cold.max)}  (${count(cold.count)} samples right after start, not in the figure above)`,
    ),
    row(
      'event loop',
      `delay p99 ${ms(loopDelay.percentile(99) / 1e6)}  max ${ms(loopDelay.max / 1e6)} in this process meanwhile`,
    ),
    row('baseline', `port.send(QueuePause) -> simulator: p50 ${ms(direct.p50)}  p99 ${ms(direct.p99)}`),
    row(
      'loss->OFFLINE',
      `p50 ${ms(detection.p50, 0)}  max ${ms(detection.max, 0)} with ENDPOINT_DEBOUNCE_MS=${debounceMs} (target <= debounce + 2 s: ${verdict(detection.max <= debounceMs + 2000)})`,
    ),
    row(
      'baseline',
      `safety-net sync ${ms(syncMs, 0)} per run; the replaced system's ${OLD_CRON_SECONDS} s cron notices after ${OLD_CRON_SECONDS / 2} s on average, ${OLD_CRON_SECONDS} s at worst`,
    ),
    machineLine(),
  ]);
});
