import type { ConfirmChannel } from 'amqplib';
import { EventEmitter } from 'node:events';
import type { AmqpSessionChannels } from './amqp-session';
import { ConfirmPublisher } from './confirm-publisher';

type Confirm = (error: unknown) => void;

/** A confirm channel that holds each publish's callback until the test confirms it. */
class FakeConfirmChannel extends EventEmitter {
  readonly unconfirmed: Confirm[] = [];
  readonly sent: string[] = [];

  publish(_exchange: string, _key: string, content: Buffer, _options: unknown, confirm: Confirm): boolean {
    this.sent.push(content.toString());
    this.unconfirmed.push(confirm);
    return true;
  }

  confirm(count: number): void {
    for (const callback of this.unconfirmed.splice(0, count)) callback(null);
  }
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function attached(maxInFlight: number) {
  const channel = new FakeConfirmChannel();
  const publisher = new ConfirmPublisher({
    schemaVersion: 1,
    appId: 'spec',
    bufferCapacity: 100,
    overflowPolicy: 'reject-new',
    logger: quiet,
    maxInFlight,
  });
  const session: AmqpSessionChannels = {
    createChannel: () => Promise.reject(new Error('unused')),
    createConfirmChannel: async () => channel as unknown as ConfirmChannel,
  };
  await publisher.attach(session);
  return { channel, publisher };
}

describe('ConfirmPublisher in-flight window', () => {
  it('keeps at most maxInFlight unconfirmed, refills as confirms come back, and resolves every publish in order', async () => {
    const { channel, publisher } = await attached(3);
    const resolved: number[] = [];
    const all = Array.from({ length: 8 }, (_, i) =>
      publisher
        .publish({ exchange: 'x', routingKey: 'k', body: { i }, type: 't' })
        .then(() => resolved.push(i)),
    );
    expect(channel.sent).toHaveLength(3);
    expect(publisher.stats).toMatchObject({ inFlight: 3, buffered: 5 });

    // One `multiple` confirm for two messages: the window refills once, with two.
    channel.confirm(2);
    await settle();
    expect(channel.sent).toHaveLength(5);
    expect(publisher.stats).toMatchObject({ inFlight: 3, buffered: 3 });

    while (channel.unconfirmed.length > 0) {
      channel.confirm(channel.unconfirmed.length);
      await settle();
    }
    await Promise.all(all);
    expect(resolved).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(channel.sent.map((content) => (JSON.parse(content) as { i: number }).i)).toEqual(resolved);
    expect(publisher.stats).toMatchObject({ published: 8, confirmed: 8, inFlight: 0, buffered: 0 });
  });

  it('sends the unconfirmed again on the next channel, in order, within the window', async () => {
    const { channel, publisher } = await attached(2);
    const all = Array.from({ length: 4 }, (_, i) =>
      publisher.publish({ exchange: 'x', routingKey: 'k', body: { i }, type: 't' }),
    );
    channel.emit('close');
    await settle();
    const next = new FakeConfirmChannel();
    await publisher.attach({
      createChannel: () => Promise.reject(new Error('unused')),
      createConfirmChannel: async () => next as unknown as ConfirmChannel,
    });
    expect(next.sent.map((content) => (JSON.parse(content) as { i: number }).i)).toEqual([0, 1]);
    while (next.unconfirmed.length > 0) {
      next.confirm(1);
      await settle();
    }
    await Promise.all(all);
    expect(next.sent.map((content) => (JSON.parse(content) as { i: number }).i)).toEqual([0, 1, 2, 3]);
    expect(publisher.stats).toMatchObject({ confirmed: 4, republished: 2, inFlight: 0 });
  });
});
