import { BUS_SCHEMA_VERSION } from '@cc/contracts';
import Redis from 'ioredis';
import { AmqpSession } from '../../../src/bus/adapters/amqp-session';
import { ConfirmPublisher } from '../../../src/bus/adapters/confirm-publisher';
import { RedisMessageDedupStore } from '../../../src/bus/adapters/message-dedup.redis';
import { type DeliveryMeta, QueueConsumer } from '../../../src/bus/adapters/queue-consumer';
import { BusService } from '../../../src/bus/bus.service';
import { BusNames, buildBusTopology } from '../../../src/bus/domain/bus-topology';
import { PoisonMessageError } from '../../../src/bus/domain/delivery-failure';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { createTestApp } from '../../support/test-app';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisKeyPrefix } from '../../support/test-redis';
import {
  deleteBusTopology,
  drainQueue,
  type DrainedMessage,
  TEST_RABBITMQ_URL,
  uniqueBusPrefix,
  waitFor,
  withChannel,
} from './bus-broker.test-support';

const RETRY_DELAYS = [150, 300, 600];
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function waitForDeadLetters(queue: string, count: number): Promise<DrainedMessage[]> {
  const seen: DrainedMessage[] = [];
  await waitFor(
    async () => {
      seen.push(...(await drainQueue(queue)));
      return seen.length;
    },
    (length) => length >= count,
  );
  return seen;
}

describe('bus consumer: poison, transient failures, and going on', () => {
  const prefix = uniqueBusPrefix();
  const redisPrefix = uniqueRedisKeyPrefix();
  const names = new BusNames(prefix);
  const redis = new Redis(TEST_REDIS_URL);
  const logger = silent;
  const session = new AmqpSession({
    url: TEST_RABBITMQ_URL,
    topology: buildBusTopology(names, RETRY_DELAYS),
    connectTimeoutMs: 5000,
    heartbeatSeconds: 10,
    reconnectDelayMs: () => 200,
    misconfiguredRecheckMs: 60_000,
    logger,
  });
  const publisher = new ConfirmPublisher({
    schemaVersion: BUS_SCHEMA_VERSION,
    appId: 'test',
    bufferCapacity: 1000,
    overflowPolicy: 'reject-new',
    logger,
  });
  // The handler under test: `fail-N` fails transiently N times, `poison` is rejected for good.
  const attempts = new Map<string, number[]>();
  const handled: string[] = [];
  const consumer = new QueueConsumer(
    {
      queue: 'vss.autodial.leads',
      handle: async (body: unknown, meta: DeliveryMeta) => {
        const { lead_id } = body as { lead_id: string };
        attempts.set(lead_id, [...(attempts.get(lead_id) ?? []), Date.now()]);
        if (lead_id === 'schema-wrong') throw new PoisonMessageError('wrong schema: phone_number: Required');
        const failures = /^fail-(\d+)$/.exec(lead_id);
        if (failures && meta.retryCount < Number(failures[1])) throw new Error('database timeout');
        handled.push(lead_id);
      },
    },
    publisher,
    new RedisMessageDedupStore(redis, { keyPrefix: redisPrefix, claimTtlMs: 10_000, doneTtlMs: 60_000 }),
    { names, prefetch: 10, retryDelaysMs: RETRY_DELAYS, schemaVersion: BUS_SCHEMA_VERSION, logger },
  );
  const leadsQueue = names.queue('vss.autodial.leads');
  const failedQueue = names.queue('vss.failed.commands');
  const send = (content: string, messageId: string) =>
    withChannel(async (_channel, connection) => {
      const channel = await connection.createConfirmChannel();
      channel.sendToQueue(leadsQueue, Buffer.from(content), { messageId, persistent: true });
      await channel.waitForConfirms();
    });

  beforeAll(async () => {
    session.addClient(publisher);
    session.addClient(consumer);
    session.start();
    await session.whenConnected();
  });

  afterAll(async () => {
    await session.close();
    await deleteBusTopology(prefix, RETRY_DELAYS);
    await deleteRedisKeys(redisPrefix);
    redis.disconnect();
  });

  it('dead-letters bad JSON and a wrong schema at once, without a retry, with the reason', async () => {
    await send('{not json', 'poison-json');
    await send(JSON.stringify({ lead_id: 'schema-wrong' }), 'poison-schema');
    const dead = await waitForDeadLetters(failedQueue, 2);
    const byId = Object.fromEntries(dead.map((message) => [message.messageId, message]));
    expect(byId['poison-json'].headers).toMatchObject({
      'x-original-queue': leadsQueue,
      'x-failure-reason': 'poison: body is not JSON',
      'x-retry-count': 0,
    });
    expect(byId['poison-json'].body.toString()).toBe('{not json');
    expect(byId['poison-schema'].headers).toMatchObject({
      'x-failure-reason': 'poison: wrong schema: phone_number: Required',
      'x-retry-count': 0,
    });
    expect(attempts.get('schema-wrong')).toHaveLength(1);
    expect(consumer.stats).toMatchObject({ retried: 0, deadLettered: 2 });
  });

  it('retries a transient failure with growing delays, then dead-letters it after the last retry', async () => {
    await send(JSON.stringify({ lead_id: 'fail-9' }), 'transient-forever');
    const [dead] = await waitForDeadLetters(failedQueue, 1);
    expect(dead.messageId).toBe('transient-forever');
    expect(dead.headers).toMatchObject({
      'x-retry-count': 3,
      'x-failure-reason': 'failed after 3 retries: database timeout',
    });
    const times = attempts.get('fail-9') ?? [];
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((time, i) => time - times[i]);
    // Each wait lasts at least its configured delay (the retry queue's TTL), and the delays grow.
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(RETRY_DELAYS[i] - 20));
  });

  it('handles a message that succeeds on a retry once, and keeps consuming after all of the above', async () => {
    await send(JSON.stringify({ lead_id: 'fail-1' }), 'transient-once');
    await send(JSON.stringify({ lead_id: 'fine' }), 'fine');
    await send(JSON.stringify({ lead_id: 'fine' }), 'fine'); // a duplicate delivery
    await waitFor(
      () => handled,
      (list) => list.includes('fail-1') && list.includes('fine'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled.filter((id) => id === 'fine')).toHaveLength(1);
    expect(handled.filter((id) => id === 'fail-1')).toHaveLength(1);
    expect(attempts.get('fail-1')).toHaveLength(2);
    expect(await drainQueue(failedQueue)).toEqual([]);
    expect((await withChannel((channel) => channel.checkQueue(leadsQueue))).messageCount).toBe(0);
  });
});

describe('bus consumer in the application', () => {
  it('dead-letters a system alert that is not JSON and still relays the next good one', async () => {
    const prefix = uniqueBusPrefix();
    const app = await createTestApp({
      env: {
        RABBITMQ_URL: TEST_RABBITMQ_URL,
        RABBITMQ_NAME_PREFIX: prefix,
        RABBITMQ_RETRY_DELAYS_MS: '150,300',
      },
    });
    try {
      await app.app.get(BusService).whenConnected();
      const raised: unknown[] = [];
      app.app.get(AppEventBus).on('system.alert.raised', (event) => void raised.push(event));
      await withChannel(async (_channel, connection) => {
        const channel = await connection.createConfirmChannel();
        channel.publish(`${prefix}vss.events`, 'system.alert', Buffer.from('<html>oops'), {
          messageId: 'bad-alert',
        });
        const alert = {
          event: 'system.alert',
          timestamp: '2026-12-02T08:00:00.000Z',
          severity: 'error',
          message: 'Recording storage 95% full',
          details: { volume: '/var/spool/asterisk' },
          source: 'storage-monitor',
        };
        channel.publish(`${prefix}vss.events`, 'system.alert', Buffer.from(JSON.stringify(alert)), {
          messageId: 'good',
        });
        await channel.waitForConfirms();
      });
      const [dead] = await waitForDeadLetters(`${prefix}vss.failed.commands`, 1);
      expect(dead).toMatchObject({
        messageId: 'bad-alert',
        headers: { 'x-failure-reason': 'poison: body is not JSON' },
      });
      await waitFor(
        () => raised,
        (list) => list.length === 1,
      );
      expect(raised[0]).toEqual({
        audience: 'supervisors',
        alert: expect.objectContaining({
          severity: 'error',
          message: 'Recording storage 95% full',
          source: 'storage-monitor',
        }),
      });
    } finally {
      await app.close();
      await deleteBusTopology(prefix, [150, 300]);
    }
  });
});
