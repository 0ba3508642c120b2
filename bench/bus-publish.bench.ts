// Confirmed publishes per second to RabbitMQ: our publisher (confirm channel, many messages in flight, each
// promise resolved by its own confirm) beside plain amqplib awaiting each confirm before the next publish,
// measured in the same run against the same durable queue with persistent messages.
// Beside them, for reference: plain amqplib pipelined with a single waitForConfirms at the end (what the
// broker can take with no bookkeeping at all), and the client CPU each message costs (the broker shares
// this machine's 2 cores, so client CPU is broker throughput lost).
// Run: node -r @swc-node/register bench/bus-publish.bench.ts [--messages 50000] [--baseline 2000]
//        [--window 1024] [--dialer-rounds 10] [--profile DIR]
//   short run: --messages 10000 --baseline 500 --dialer-rounds 3
//   --dialer-rounds N  then the dialer's "agent became free -> Originate sent" (bench/support/dialer-pickup.ts,
//                      as in bus-dialer-pickup.bench.ts), N rounds each way; 0 skips it
//   --window N      our publisher's in-flight window (maxInFlight)
//   --profile DIR   writes a CPU profile of our publisher's measured window to DIR/bus-publish-ours.cpuprofile;
//                   summarise it with bench/support/cpu-profile.summary.ts
import { BUS_SCHEMA_VERSION } from '@cc/contracts';
import { connect } from 'amqplib';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AmqpSession } from '../apps/back/src/bus/adapters/amqp-session';
import { ConfirmPublisher } from '../apps/back/src/bus/adapters/confirm-publisher';
import { BusNames, buildBusTopology } from '../apps/back/src/bus/domain/bus-topology';
import { count, machineLine, perSecond, printBlock, row, verdict } from './support/bench-report';
import { cpuProfiler } from './support/cpu-profiler';
import { dialerPickupLines, measureDialerPickup } from './support/dialer-pickup';
import { runBench } from './support/bench-runner';

const URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const TARGET_PER_SECOND = 10_000;
const RETRY_DELAYS = [1000];

const quiet = {
  log: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

// A call.update as the ledger publishes it: the size of what the bus carries in production (~400 bytes).
const body = (i: number) => ({
  event: 'call.update',
  timestamp: new Date().toISOString(),
  call_id: `bench-${i}`,
  linked_id: `bench-${i}`,
  phone_number: '+33612345678',
  caller_name: 'Bench Caller',
  operator_id: '1001',
  queue: 'support',
  direction: 'inbound',
  status: 'answered',
  answered_at: new Date().toISOString(),
  ended_at: null,
  wait_seconds: 4,
  talk_seconds: null,
  disposition: null,
});

// The properties our publisher sets, so the plain amqplib lines differ from ours only in the bookkeeping:
// the broker decodes every property (in a side run these cost ~10 % against contentType and messageId alone).
const wireHeaders = { 'x-schema-version': BUS_SCHEMA_VERSION };
const wireOptions = () => ({
  persistent: true,
  contentType: 'application/json',
  appId: 'bench',
  messageId: randomUUID(),
  timestamp: Math.floor(Date.now() / 1000),
  type: 'call.update',
  headers: wireHeaders,
});

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

runBench('bus publish', 300, async (ctx) => {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '50000' },
      baseline: { type: 'string', default: '2000' },
      window: { type: 'string', default: '1024' },
      'dialer-rounds': { type: 'string', default: '10' },
      profile: { type: 'string' },
    },
  });
  const profiler = cpuProfiler(values.profile);
  const messages = Number(values.messages);
  const baselineMessages = Number(values.baseline);
  const names = new BusNames(`cc_bench_${randomBytes(4).toString('hex')}.`);
  const topology = buildBusTopology(names, RETRY_DELAYS);
  const exchange = names.exchange('vss.events');
  const queue = names.queue('vss.pipeline.events');

  const admin = await connect(URL);
  ctx.defer(() => admin.close());
  const adminChannel = await admin.createChannel();
  ctx.defer(async () => {
    for (const q of topology.queues) await adminChannel.deleteQueue(q.name);
    for (const e of topology.exchanges) await adminChannel.deleteExchange(e.name);
  });

  const session = new AmqpSession({
    url: URL,
    topology,
    connectTimeoutMs: 5000,
    heartbeatSeconds: 10,
    reconnectDelayMs: () => 250,
    misconfiguredRecheckMs: 60_000,
    logger: quiet,
  });
  const publisher = new ConfirmPublisher({
    schemaVersion: BUS_SCHEMA_VERSION,
    appId: 'bench',
    bufferCapacity: messages,
    overflowPolicy: 'reject-new',
    maxInFlight: Number(values.window),
    logger: quiet,
  });
  session.addClient(publisher);
  session.start();
  ctx.defer(() => session.close());
  await session.whenConnected();

  // Warm-up: connection, channel and queue files.
  await Promise.all(
    Array.from({ length: 1000 }, (_, i) =>
      publisher.publish({ exchange, routingKey: 'pipeline.bench', body: body(i), type: 'call.update' }),
    ),
  );
  await adminChannel.purgeQueue(queue);

  const oursCpu = process.cpuUsage();
  const oursSeconds = await profiler.around('bus-publish-ours', async () => {
    const ours = performance.now();
    const all: Array<Promise<void>> = [];
    for (let i = 0; i < messages; i += 1) {
      all.push(
        publisher.publish({ exchange, routingKey: 'pipeline.bench', body: body(i), type: 'call.update' }),
      );
    }
    await Promise.all(all);
    return (performance.now() - ours) / 1000;
  });
  const oursCpuPerMessage = cpuMicros(process.cpuUsage(oursCpu)) / messages;
  const oursRate = messages / oursSeconds;
  const onBroker = (await adminChannel.checkQueue(queue)).messageCount;
  await adminChannel.purgeQueue(queue);

  // Baseline: plain amqplib, one publish at a time, each confirm awaited before the next.
  const plain = await connect(URL);
  ctx.defer(() => plain.close().catch(() => undefined));
  const confirmChannel = await plain.createConfirmChannel();
  const baselineCpu = process.cpuUsage();
  const baselineStart = performance.now();
  for (let i = 0; i < baselineMessages; i += 1) {
    await new Promise<void>((resolve, reject) =>
      confirmChannel.publish(
        exchange,
        'pipeline.bench',
        Buffer.from(JSON.stringify(body(i))),
        wireOptions(),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  const baselineRate = baselineMessages / ((performance.now() - baselineStart) / 1000);
  const baselineCpuPerMessage = cpuMicros(process.cpuUsage(baselineCpu)) / baselineMessages;
  await adminChannel.purgeQueue(queue);

  // Reference: everything written at once, one waitForConfirms; no promise, no buffer, no re-send.
  const pipelinedCpu = process.cpuUsage();
  const pipelinedStart = performance.now();
  for (let i = 0; i < messages; i += 1) {
    const writable = confirmChannel.publish(
      exchange,
      'pipeline.bench',
      Buffer.from(JSON.stringify(body(i))),
      wireOptions(),
    );
    if (!writable) await new Promise((resolve) => confirmChannel.once('drain', resolve));
  }
  await confirmChannel.waitForConfirms();
  const pipelinedRate = messages / ((performance.now() - pipelinedStart) / 1000);
  const pipelinedCpuPerMessage = cpuMicros(process.cpuUsage(pipelinedCpu)) / messages;
  await adminChannel.purgeQueue(queue);

  printBlock('bus publish: confirmed persistent messages per second (durable queue, ~400-byte JSON)', [
    row(
      'ours',
      `${perSecond(oursRate)}  (${count(messages)} confirmed in ${oursSeconds.toFixed(2)} s, ${count(onBroker)} on the broker; window ${values.window}; client CPU ${oursCpuPerMessage.toFixed(1)} µs/message)`,
      26,
    ),
    row(
      'plain amqplib, awaited',
      `${perSecond(baselineRate)}  (${count(baselineMessages)} messages, one confirm awaited at a time; client CPU ${baselineCpuPerMessage.toFixed(1)} µs/message)`,
      26,
    ),
    row(
      'plain amqplib, pipelined',
      `${perSecond(pipelinedRate)}  (reference: ${count(messages)} written at once, one waitForConfirms; client CPU ${pipelinedCpuPerMessage.toFixed(1)} µs/message)`,
      26,
    ),
    row('ratio', `${(oursRate / baselineRate).toFixed(1)}x`, 26),
    row(
      'target',
      `>= ${perSecond(TARGET_PER_SECOND)}: ${verdict(oursRate >= TARGET_PER_SECOND && onBroker === messages)}`,
      26,
    ),
    machineLine(26),
  ]);

  const dialerRounds = Number(values['dialer-rounds']);
  if (dialerRounds > 0) {
    const pickup = await measureDialerPickup(ctx, dialerRounds);
    printBlock('dialer: agent became free -> Originate sent (simulator over TCP, one lead waiting)', [
      ...dialerPickupLines(pickup, 26),
      machineLine(26),
    ]);
  }
});
