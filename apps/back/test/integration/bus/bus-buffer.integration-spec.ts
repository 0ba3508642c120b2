import { BusBufferFullError } from '../../../src/bus/adapters/confirm-publisher';
import { BusService } from '../../../src/bus/bus.service';
import type { TestApp } from '../../support/test-app';
import {
  drainQueue,
  startAppBehindProxy,
  TcpProxy,
  uniqueBusPrefix,
  waitFor,
} from './bus-broker.test-support';

const RETRY_DELAYS = [200];

describe('bus publish buffer while the broker is away', () => {
  const prefix = uniqueBusPrefix();
  const proxy = new TcpProxy(5672);
  let app: TestApp;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ app, close } = await startAppBehindProxy(proxy, prefix, RETRY_DELAYS, {
      RABBITMQ_PUBLISH_BUFFER: '5',
      RABBITMQ_BUFFER_OVERFLOW: 'reject-new',
    }));
  });

  afterAll(async () => {
    await close?.();
  });

  it('keeps up to the configured number of publishes, refuses and counts the rest, and sends the kept ones on reconnect', async () => {
    const bus = app.app.get(BusService);
    proxy.block();
    await waitFor(
      async () => (await bus.metrics()).connection,
      (state) => state !== 'connected',
    );

    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => {
        const settled = bus.publishEvent('pipeline.buffered', { n: i });
        return i < 5
          ? Promise.race([settled, new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))])
          : settled;
      }),
    );
    expect(
      outcomes.map((outcome) =>
        outcome.status === 'fulfilled'
          ? outcome.value
          : outcome.reason instanceof BusBufferFullError
            ? 'BusBufferFullError'
            : outcome.reason,
      ),
    ).toEqual([
      'waiting',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
      'BusBufferFullError',
      'BusBufferFullError',
      'BusBufferFullError',
    ]);
    expect(bus.publisherStats()).toMatchObject({
      buffered: 5,
      overflowed: 3,
      bufferCapacity: 5,
      overflowPolicy: 'reject-new',
    });
    const ready = await app.http.get('/health/ready');
    expect(ready.body.checks.bus).toMatchObject({ status: 'down', details: { buffered: 5, overflowed: 3 } });
    const scrape = await app.http.get('/metrics');
    expect(scrape.text).toMatch(/^bus_buffer_overflow_total 3$/m);
    expect(scrape.text).toMatch(/^bus_buffered_messages 5$/m);

    proxy.unblock();
    await bus.whenConnected();
    await waitFor(
      () => bus.publisherStats(),
      (stats) => stats.buffered === 0 && stats.inFlight === 0,
    );
    const delivered = await drainQueue(`${prefix}vss.pipeline.events`);
    expect(delivered.map((message) => JSON.parse(message.body.toString()) as { n: number })).toEqual([
      { n: 0 },
      { n: 1 },
      { n: 2 },
      { n: 3 },
      { n: 4 },
    ]);
  });
});
