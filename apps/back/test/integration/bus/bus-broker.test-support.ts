import { type Channel, type ChannelModel, connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, Socket } from 'node:net';
import { promisify } from 'node:util';
import type { PbxSimulator } from '@cc/pbx-sim';
import { BusService } from '../../../src/bus/bus.service';
import { BusNames, buildBusTopology } from '../../../src/bus/domain/bus-topology';
import type { RawEnv } from '../../../src/config/env.schema';
import { simulatorEnv, startSimulator } from '../../support/live-status-harness';
import { createTestApp, type TestApp } from '../../support/test-app';

export const TEST_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** A name prefix no other run uses, so parallel test runs share the broker without meeting. */
export const uniqueBusPrefix = (): string => `cc_test_${randomBytes(4).toString('hex')}.`;

/** Deletes every exchange and queue the topology declares under `prefix` (retry queues included). */
export async function deleteBusTopology(prefix: string, retryDelaysMs: readonly number[]): Promise<void> {
  const topology = buildBusTopology(new BusNames(prefix), retryDelaysMs);
  await withChannel(async (channel) => {
    for (const queue of topology.queues) await channel.deleteQueue(queue.name);
    for (const exchange of topology.exchanges) await channel.deleteExchange(exchange.name);
  });
}

export async function withChannel<T>(
  work: (channel: Channel, connection: ChannelModel) => Promise<T>,
): Promise<T> {
  const connection = await connect(TEST_RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    return await work(channel, connection);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export interface DrainedMessage {
  body: Buffer;
  messageId: string | undefined;
  headers: Record<string, unknown>;
}

/** Takes every message out of a queue (what reached the broker), consuming until it stays empty. */
export async function drainQueue(queue: string): Promise<DrainedMessage[]> {
  return withChannel(async (channel) => {
    const out: DrainedMessage[] = [];
    const { messageCount } = await channel.checkQueue(queue);
    let lastAt = Date.now();
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        lastAt = Date.now();
        out.push({
          body: message.content,
          messageId: message.properties.messageId as string | undefined,
          headers: (message.properties.headers ?? {}) as Record<string, unknown>,
        });
      },
      { noAck: true },
    );
    while (out.length < messageCount || Date.now() - lastAt < 200) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return out;
  });
}

const run = promisify(execFile);

/** The broker's own view, through its CLI (the management plugin is not enabled on the test broker). */
export async function rabbitmqctl<T>(...args: string[]): Promise<T> {
  const { stdout } = await run('rabbitmqctl', [...args, '--formatter', 'json', '-q'], { timeout: 30_000 });
  return JSON.parse(stdout) as T;
}

/**
 * A TCP proxy in front of the broker: `cut()` destroys every open connection (as a network failure or a
 * broker restart would), while new connections keep being accepted.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private blocked = false;
  cuts = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => {
      if (this.blocked) {
        client.destroy();
        return;
      }
      const upstream = new Socket();
      this.sockets.add(client);
      this.sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      upstream.connect(this.targetPort, this.targetHost, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    return address.port;
  }

  cut(): void {
    this.cuts += 1;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** The broker is away: open connections are cut and new ones are closed at once, until `unblock()`. */
  block(): void {
    this.blocked = true;
    this.cut();
  }

  unblock(): void {
    this.blocked = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls `read` until `done` holds; fails with the last value seen. */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/**
 * The app on a quiet PBX (no traffic: the embedded demo's calls would add the app's own call.* publishes
 * to what a test counts), reaching RabbitMQ through `proxy` so the test can cut the connection. Call the
 * returned `close` in afterAll: it stops the app, the simulator and the proxy and deletes the topology.
 */
export async function startAppBehindProxy(
  proxy: TcpProxy,
  prefix: string,
  retryDelaysMs: readonly number[],
  env: RawEnv = {},
): Promise<{ app: TestApp; sim: PbxSimulator; close(): Promise<void> }> {
  const port = await proxy.start();
  const sim = await startSimulator({ name: 'idle' }, { topology: 'lab' });
  const app = await createTestApp({
    env: {
      ...simulatorEnv(sim),
      RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${port}`,
      RABBITMQ_NAME_PREFIX: prefix,
      RABBITMQ_RETRY_DELAYS_MS: retryDelaysMs.join(','),
      ...env,
    },
  });
  await app.app.get(BusService).whenConnected();
  return {
    app,
    sim,
    close: async () => {
      await app.close();
      await sim.stop();
      await proxy.stop();
      await deleteBusTopology(prefix, retryDelaysMs);
    },
  };
}
