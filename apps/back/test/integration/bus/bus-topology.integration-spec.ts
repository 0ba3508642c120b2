import type { BusMetricsResponse } from '@cc/contracts';
import { BusService } from '../../../src/bus/bus.service';
import { createTestApp, type TestApp } from '../../support/test-app';
import {
  deleteBusTopology,
  rabbitmqctl,
  TEST_RABBITMQ_URL,
  uniqueBusPrefix,
  waitFor,
  withChannel,
} from './bus-broker.test-support';

type ArgumentTriple = [string, string, string | number];
interface ListedQueue {
  name: string;
  durable: boolean;
  arguments: ArgumentTriple[];
}
interface ListedBinding {
  source_name: string;
  destination_name: string;
  destination_kind: string;
  routing_key: string;
}
interface ListedExchange {
  name: string;
  type: string;
  durable: boolean;
}

const RETRY_DELAYS = '200,400';
const H = 3_600_000;

// The table, spelled out here rather than imported: the broker must match the table, not our code.
const EXPECTED_QUEUES: Record<string, Record<string, string | number>> = {
  'vss.call.events': { 'x-message-ttl': 24 * H, 'x-max-length': 10_000 },
  'vss.slot.events': { 'x-message-ttl': 24 * H, 'x-max-length': 10_000 },
  'vss.pipeline.events': {},
  'vss.system.alerts': { 'x-message-ttl': 7 * 24 * H, 'x-max-length': 5_000 },
  'vss.guacamole.sessions': {},
  'vss.telemetry.metrics': { 'x-message-ttl': H, 'x-max-length': 100_000 },
  'vss.autodial.leads': { 'x-message-ttl': H, 'x-max-length': 50_000, 'x-max-priority': 10 },
  'vss.gacs.commands': {
    'x-dead-letter-exchange': 'vss.events',
    'x-dead-letter-routing-key': 'command.failed',
  },
  'vss.slot.commands': {},
  'vss.failed.commands': {},
};
const EXPECTED_BINDINGS = [
  'vss.events call.* vss.call.events',
  'vss.events slot.* vss.slot.events',
  'vss.events pipeline.* vss.pipeline.events',
  'vss.events system.alert vss.system.alerts',
  'vss.events guacamole.session.* vss.guacamole.sessions',
  'vss.events telemetry.# vss.telemetry.metrics',
  'vss.commands autodial.lead vss.autodial.leads',
  'vss.commands gacs.execute vss.gacs.commands',
  'vss.commands slot.restart vss.slot.commands',
  'vss.commands slot.drp.reboot vss.slot.commands',
  'vss.events command.failed vss.failed.commands',
].sort();

const argsOf = (queue: ListedQueue) =>
  Object.fromEntries(queue.arguments.map(([name, , value]) => [name, value]));

async function busMetrics(app: TestApp): Promise<BusMetricsResponse> {
  const supervisor = await app.createUser({ role: 'supervisor' });
  const response = await app.http.get('/api/bus/metrics').set('Authorization', `Bearer ${supervisor.token}`);
  expect(response.status).toBe(200);
  return response.body as BusMetricsResponse;
}

describe('bus topology on the real broker', () => {
  it('declares exactly the table under the production names, again and again without complaint', async () => {
    // Production names (empty prefix): removed again afterwards; no other test run uses them.
    await deleteBusTopology('', RETRY_DELAYS.split(',').map(Number));
    const env = { RABBITMQ_URL: TEST_RABBITMQ_URL, RABBITMQ_RETRY_DELAYS_MS: RETRY_DELAYS };
    const first = await createTestApp({ env });
    let second: TestApp | undefined;
    try {
      await first.app.get(BusService).whenConnected();
      // A second instance declares the same topology: idempotent, no problem reported.
      second = await createTestApp({ env });
      await second.app.get(BusService).whenConnected();
      expect((await busMetrics(second)).problems).toEqual([]);

      const exchanges = await rabbitmqctl<ListedExchange[]>('list_exchanges', 'name', 'type', 'durable');
      const ours = exchanges.filter((exchange) => exchange.name.startsWith('vss.'));
      expect(ours.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'vss.commands', type: 'topic', durable: true },
        { name: 'vss.events', type: 'topic', durable: true },
        { name: 'vss.rpc', type: 'direct', durable: true },
      ]);

      const queues = await rabbitmqctl<ListedQueue[]>('list_queues', 'name', 'durable', 'arguments');
      for (const [name, expected] of Object.entries(EXPECTED_QUEUES)) {
        const queue = queues.find((candidate) => candidate.name === name);
        expect({ name, durable: queue?.durable, arguments: queue && argsOf(queue) }).toEqual({
          name,
          durable: true,
          arguments: expected,
        });
      }
      // Retry queues: hold for their delay, then dead-letter straight back to the queue they serve.
      const retry = queues.find((queue) => queue.name === 'vss.autodial.leads.retry.400ms');
      expect(retry && argsOf(retry)).toEqual({
        'x-message-ttl': 400,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': 'vss.autodial.leads',
      });

      const bindings = await rabbitmqctl<ListedBinding[]>(
        'list_bindings',
        'source_name',
        'destination_name',
        'destination_kind',
        'routing_key',
      );
      const tableBindings = bindings
        .filter((binding) => binding.source_name.startsWith('vss.') && binding.destination_kind === 'queue')
        .map((binding) => `${binding.source_name} ${binding.routing_key} ${binding.destination_name}`)
        .sort();
      expect(tableBindings).toEqual(EXPECTED_BINDINGS);
    } finally {
      await second?.close();
      await first.close();
      await deleteBusTopology('', RETRY_DELAYS.split(',').map(Number));
    }
  });

  it('says which argument differs and how to fix it when a queue exists with other arguments, and keeps serving', async () => {
    const prefix = uniqueBusPrefix();
    await withChannel((channel) =>
      channel.assertQueue(`${prefix}vss.call.events`, {
        durable: true,
        arguments: { 'x-message-ttl': 1000 },
      }),
    );
    const app = await createTestApp({
      env: {
        RABBITMQ_URL: TEST_RABBITMQ_URL,
        RABBITMQ_NAME_PREFIX: prefix,
        RABBITMQ_RETRY_DELAYS_MS: RETRY_DELAYS,
      },
    });
    try {
      const metrics = await waitFor(
        () => busMetrics(app),
        (value) => value.connection === 'misconfigured',
      );
      expect(metrics.problems).toEqual([
        `queue '${prefix}vss.call.events' in vhost '/' exists with x-message-ttl=1000, but this service declares x-message-ttl=86400000; ` +
          `drain or move its messages if they matter, then delete it (rabbitmqctl delete_queue '${prefix}vss.call.events' --vhost '/') and restart this service, which re-creates it`,
      ]);
      const ready = await app.http.get('/health/ready');
      expect(ready.body.checks.bus).toMatchObject({
        status: 'down',
        required: false,
        details: { connection: 'misconfigured', problems: metrics.problems },
      });
      // Still serving: the rest of the topology was declared, and the process did not crash.
      expect((await app.http.get('/health')).status).toBe(200);
      const queues = await rabbitmqctl<ListedQueue[]>('list_queues', 'name', 'durable', 'arguments');
      expect(queues.some((queue) => queue.name === `${prefix}vss.system.alerts`)).toBe(true);
    } finally {
      await app.close();
      await deleteBusTopology(prefix, RETRY_DELAYS.split(',').map(Number));
    }
  });

  it('is off with the broker unset, and readiness says so', async () => {
    const app = await createTestApp();
    try {
      const ready = await app.http.get('/health/ready');
      expect(ready.body.checks.bus).toEqual({
        status: 'disabled',
        required: false,
        details: { reason: 'RABBITMQ_URL is not set' },
      });
      const metrics = await busMetrics(app);
      expect(metrics).toMatchObject({ enabled: false, connection: 'disabled', queues: [] });
    } finally {
      await app.close();
    }
  });

  it('shows the connected bus in readiness, and the queues with the broker figures to a supervisor only', async () => {
    const prefix = uniqueBusPrefix();
    const app = await createTestApp({
      env: {
        RABBITMQ_URL: TEST_RABBITMQ_URL,
        RABBITMQ_NAME_PREFIX: prefix,
        RABBITMQ_RETRY_DELAYS_MS: RETRY_DELAYS,
      },
    });
    try {
      await app.app.get(BusService).whenConnected();
      const ready = await app.http.get('/health/ready');
      expect(ready.body.checks.bus).toMatchObject({
        status: 'up',
        details: { connection: 'connected', buffered: 0 },
      });
      await withChannel(async (channel) => {
        channel.publish(`${prefix}vss.events`, 'slot.started', Buffer.from('{}'));
        channel.publish(`${prefix}vss.events`, 'slot.stopped', Buffer.from('{}'));
        await channel.checkQueue(`${prefix}vss.slot.events`);
      });
      const metrics = await waitFor(
        () => busMetrics(app),
        (value) =>
          value.queues.some((queue) => queue.queue === `${prefix}vss.slot.events` && queue.messages === 2),
      );
      expect(metrics.queues.find((queue) => queue.queue === `${prefix}vss.call.events`)).toEqual({
        queue: `${prefix}vss.call.events`,
        messages: 0,
        consumers: 1,
      });
      const operator = await app.createUser({ role: 'operator' });
      const refused = await app.http.get('/api/bus/metrics').set('Authorization', `Bearer ${operator.token}`);
      expect(refused.status).toBe(403);
    } finally {
      await app.close();
      await deleteBusTopology(prefix, RETRY_DELAYS.split(',').map(Number));
    }
  });
});
