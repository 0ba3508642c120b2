import { type Channel, type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { describeTopologyMismatch, parseTopologyMismatch } from '../domain/topology-mismatch';
import type { BusTopology } from '../domain/bus-topology';

export type AmqpSessionState = 'connecting' | 'connected' | 'disconnected' | 'misconfigured' | 'closed';

export interface BusLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

/**
 * Someone who needs channels on every (re)connection: the publisher, each consumer. `attach` runs after
 * the topology is declared; a failure there drops the connection and the session starts again.
 */
export interface AmqpSessionClient {
  attach(session: AmqpSessionChannels): Promise<void>;
  detach(): void;
}

export interface AmqpSessionChannels {
  createChannel(): Promise<Channel>;
  createConfirmChannel(): Promise<ConfirmChannel>;
}

export interface AmqpSessionOptions {
  url: string;
  topology: BusTopology;
  connectTimeoutMs: number;
  heartbeatSeconds: number;
  /** Delay before reconnect attempt n (1-based). */
  reconnectDelayMs: (attempt: number) => number;
  /** How long to wait before checking a misconfigured topology again. */
  misconfiguredRecheckMs: number;
  logger: BusLogger;
}

export function redactAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'amqp';
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One AMQP connection kept alive: it connects with back-off, declares the topology each time (a broker
 * that lost its definitions gets them back), then lets every client open its channels again. This is
 * the whole recovery layer amqplib leaves to us (see docs/decisions.md).
 */
export class AmqpSession {
  private connection: ChannelModel | null = null;
  private readonly clients: AmqpSessionClient[] = [];
  private stateValue: AmqpSessionState = 'disconnected';
  private problemsValue: string[] = [];
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly connectedWaiters: Array<() => void> = [];
  private reconnects = 0;

  constructor(private readonly options: AmqpSessionOptions) {}

  get state(): AmqpSessionState {
    return this.stateValue;
  }

  get problems(): readonly string[] {
    return this.problemsValue;
  }

  get reconnectCount(): number {
    return this.reconnects;
  }

  addClient(client: AmqpSessionClient): void {
    this.clients.push(client);
    if (this.connection && this.stateValue === 'connected') {
      void this.attachClient(this.connection, client);
    }
  }

  start(): void {
    if (this.stateValue === 'closed') return;
    void this.connectOnce();
  }

  /** Resolves once connected (for start-up checks and tests); never rejects. */
  whenConnected(): Promise<void> {
    if (this.stateValue === 'connected') return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** A channel for one-off work (queue figures); the caller closes it. */
  async openChannel(): Promise<Channel> {
    if (!this.connection || this.stateValue !== 'connected') {
      throw new Error(`the bus is ${this.stateValue}`);
    }
    return this.connection.createChannel();
  }

  async close(): Promise<void> {
    this.stateValue = 'closed';
    clearTimeout(this.timer);
    for (const client of this.clients) client.detach();
    const connection = this.connection;
    this.connection = null;
    await connection?.close().catch(() => undefined);
  }

  private async connectOnce(): Promise<void> {
    this.stateValue = 'connecting';
    let connection: ChannelModel;
    try {
      connection = await connect(this.options.url, {
        timeout: this.options.connectTimeoutMs,
        heartbeat: this.options.heartbeatSeconds,
      });
    } catch (error) {
      this.scheduleReconnect(`cannot connect to ${redactAmqpUrl(this.options.url)}: ${errorText(error)}`);
      return;
    }
    if (this.isClosed()) {
      await connection.close().catch(() => undefined);
      return;
    }
    connection.on('error', (error: unknown) =>
      this.options.logger.warn(`connection error: ${errorText(error)}`),
    );
    connection.on('close', () => this.onConnectionLost(connection));
    try {
      const problems = await declareTopology(connection, this.options.topology);
      if (problems.length > 0) {
        this.misconfigured(connection, problems);
        return;
      }
      this.connection = connection;
      this.problemsValue = [];
      for (const client of this.clients) await this.attachClient(connection, client);
    } catch (error) {
      this.options.logger.warn(`setting up the bus failed: ${errorText(error)}`);
      await connection.close().catch(() => undefined);
      return; // the 'close' handler schedules the reconnect
    }
    if (this.connection !== connection) return;
    this.stateValue = 'connected';
    if (this.attempt > 0) this.reconnects += 1;
    this.attempt = 0;
    this.options.logger.log(`connected to ${redactAmqpUrl(this.options.url)}; topology declared`);
    for (const resolve of this.connectedWaiters.splice(0)) resolve();
  }

  // A method, so the compiler does not narrow the state across the awaits around it.
  private isClosed(): boolean {
    return this.stateValue === 'closed';
  }

  private async attachClient(connection: ChannelModel, client: AmqpSessionClient): Promise<void> {
    await client.attach({
      createChannel: () => connection.createChannel(),
      createConfirmChannel: () => connection.createConfirmChannel(),
    });
  }

  private misconfigured(connection: ChannelModel, problems: string[]): void {
    const changed = problems.join('\n') !== this.problemsValue.join('\n');
    this.problemsValue = problems;
    this.stateValue = 'misconfigured';
    if (changed) {
      for (const problem of problems) this.options.logger.error(`bus topology: ${problem}`);
    }
    // Declaring again at once would fail the same way: stay up (events wait in the buffer), check slowly.
    void connection.close().catch(() => undefined);
  }

  private onConnectionLost(connection: ChannelModel): void {
    if (this.connection === connection) {
      this.connection = null;
      for (const client of this.clients) client.detach();
    }
    if (this.stateValue === 'closed') return;
    if (this.stateValue === 'misconfigured') {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.connectOnce(), this.options.misconfiguredRecheckMs);
      return;
    }
    this.scheduleReconnect('connection lost');
  }

  private scheduleReconnect(reason: string): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'disconnected';
    this.attempt += 1;
    const delay = this.options.reconnectDelayMs(this.attempt);
    const line = `${reason}; reconnecting in ${delay} ms (attempt ${this.attempt})`;
    if (this.attempt === 1) this.options.logger.warn(line);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connectOnce(), delay);
  }
}

/**
 * Declares every exchange, queue and binding. A 406 closes the channel, so each declaration that can
 * clash gets a fresh channel after a failure; every clash is collected and described, not just the first.
 */
export async function declareTopology(connection: ChannelModel, topology: BusTopology): Promise<string[]> {
  const problems: string[] = [];
  let channel = await connection.createChannel();
  channel.on('error', () => undefined);
  const attempt = async (declare: (ch: Channel) => Promise<unknown>): Promise<boolean> => {
    try {
      await declare(channel);
      return true;
    } catch (error) {
      const mismatch = parseTopologyMismatch(errorText(error));
      if (!mismatch) throw error;
      problems.push(describeTopologyMismatch(mismatch));
      channel = await connection.createChannel();
      channel.on('error', () => undefined);
      return false;
    }
  };
  const declaredExchanges = new Set<string>();
  for (const exchange of topology.exchanges) {
    if (await attempt((ch) => ch.assertExchange(exchange.name, exchange.type, { durable: true }))) {
      declaredExchanges.add(exchange.name);
    }
  }
  const declaredQueues = new Set<string>();
  for (const queue of topology.queues) {
    if (await attempt((ch) => ch.assertQueue(queue.name, { durable: true, arguments: queue.arguments }))) {
      declaredQueues.add(queue.name);
    }
  }
  for (const binding of topology.bindings) {
    if (declaredQueues.has(binding.queue) && declaredExchanges.has(binding.exchange)) {
      await channel.bindQueue(binding.queue, binding.exchange, binding.routingKey);
    }
  }
  await channel.close().catch(() => undefined);
  return problems;
}
