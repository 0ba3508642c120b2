import type { BusCallReceivedEvent, CallBusEvent } from '@cc/contracts';
import { BusService } from '../../../src/bus/bus.service';
import { AppEventBus } from '../../../src/events/app-event.bus';
import type { TestApp } from '../../support/test-app';
import {
  drainQueue,
  startAppBehindProxy,
  TcpProxy,
  uniqueBusPrefix,
  waitFor,
  withChannel,
} from './bus-broker.test-support';

const TOTAL = 10_000;
const CHUNK = 500;
const RETRY_DELAYS = [200, 400];

const callEvent = (i: number): CallBusEvent => ({
  event: 'call.update',
  timestamp: new Date(1_700_000_000_000 + i).toISOString(),
  call_id: `call-${i}`,
  linked_id: `call-${i}`,
  phone_number: `+3361234${String(i).padStart(4, '0')}`,
  caller_name: null,
  operator_id: '1001',
  queue: 'support',
  direction: 'inbound',
  status: 'answered',
  answered_at: null,
  ended_at: null,
  wait_seconds: 3,
  talk_seconds: null,
  disposition: null,
});

/**
 * Delivery is at-least-once: a confirm lost with a cut connection makes the publisher send the message
 * again, so the broker can hold a message twice (same messageId). Handling is once: the consumer keeps
 * each handled messageId in Redis and acks a second copy without handling it.
 */
describe('bus: 10,000 events while the connection is cut and restored', () => {
  const prefix = uniqueBusPrefix();
  const proxy = new TcpProxy(5672);
  let app: TestApp;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ app, close } = await startAppBehindProxy(proxy, prefix, RETRY_DELAYS));
  });

  afterAll(async () => {
    await close?.();
  });

  it('loses none of 10,000 publishes across five cuts: every one is confirmed and on the broker', async () => {
    const bus = app.app.get(BusService);
    const confirmed = () => bus.publisherStats().confirmed;
    const publishes: Array<Promise<void>> = [];
    for (let chunk = 0; chunk < TOTAL / CHUNK; chunk += 1) {
      for (let i = chunk * CHUNK; i < (chunk + 1) * CHUNK; i += 1) {
        // pipeline.* lands in vss.pipeline.events, which has no length limit to hide a loss behind.
        publishes.push(bus.publishEvent('pipeline.call_copy', callEvent(i)));
      }
      if (chunk % 4 === 1) {
        // Cut while this chunk is in flight, after the broker confirmed something on the new connection.
        const before = await confirmed();
        await waitFor(confirmed, (now) => now > before || now === publishes.length);
        proxy.cut();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(publishes);

    const metrics = await bus.metrics();
    expect(proxy.cuts).toBe(5);
    expect(metrics.publisher).toMatchObject({
      published: TOTAL,
      confirmed: TOTAL,
      overflowed: 0,
      buffered: 0,
      inFlight: 0,
    });

    const onBroker = await drainQueue(`${prefix}vss.pipeline.events`);
    const ids = new Set(onBroker.map((message) => message.messageId));
    const calls = new Set(
      onBroker.map((message) => (JSON.parse(message.body.toString()) as CallBusEvent).call_id),
    );
    expect(calls.size).toBe(TOTAL);
    expect(ids.size).toBe(TOTAL);
    // At-least-once: copies sent again after a cut may be there twice, never with a new messageId.
    expect(onBroker.length).toBeGreaterThanOrEqual(TOTAL);
    expect(onBroker.length - TOTAL).toBeLessThanOrEqual(metrics.publisher.republished);
    console.warn(
      `bus lossless: ${TOTAL} published, ${proxy.cuts} cuts, ${metrics.publisher.republished} sent again, ` +
        `${onBroker.length - TOTAL} duplicates on the broker, 0 lost`,
    );
  });

  it('hands each of 10,000 call events to the gateway exactly once, duplicates and cuts included', async () => {
    const received = new Map<string, number>();
    const off = app.app.get(AppEventBus).on('bus.call.received', (event: BusCallReceivedEvent) => {
      received.set(event.call.call_id, (received.get(event.call.call_id) ?? 0) + 1);
    });
    const bus = app.app.get(BusService);
    try {
      // Another service publishes (plain amqplib, straight to the broker); every 20th message twice.
      await withChannel(async (channel, connection) => {
        const confirm = await connection.createConfirmChannel();
        for (let i = 0; i < TOTAL; i += 1) {
          const copies = i % 20 === 0 ? 2 : 1;
          for (let copy = 0; copy < copies; copy += 1) {
            confirm.publish(`${prefix}vss.events`, 'call.update', Buffer.from(JSON.stringify(callEvent(i))), {
              messageId: `other-${i}`,
              appId: 'other-service',
              persistent: true,
              contentType: 'application/json',
            });
          }
          if (i % 1000 === 999) {
            await confirm.waitForConfirms();
            // vss.call.events holds at most 10,000: stay well under it, as a live producer would.
            await waitFor(
              async () => (await channel.checkQueue(`${prefix}vss.call.events`)).messageCount,
              (depth) => depth < 3000,
              20_000,
            );
            if (i % 3000 === 2999) proxy.cut(); // the consumer loses its channel with messages unacked
          }
        }
        await confirm.waitForConfirms();
      });
      await waitFor(
        () => received.size,
        (size) => size === TOTAL,
        30_000,
      );
      // Give late redeliveries a moment to show up (they must be recognised, not handed on).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const twice = [...received.values()].filter((count) => count !== 1).length;
      expect({ distinct: received.size, handedMoreThanOnce: twice }).toEqual({
        distinct: TOTAL,
        handedMoreThanOnce: 0,
      });
      const consumer = (await bus.metrics()).consumers.find((c) => c.queue === `${prefix}vss.call.events`);
      expect(consumer?.handled).toBe(TOTAL);
      expect(consumer?.duplicates).toBeGreaterThanOrEqual(TOTAL / 20);
    } finally {
      off();
    }
  });
});
