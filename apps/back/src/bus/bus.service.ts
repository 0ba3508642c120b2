import {
  BUS_EXCHANGES,
  BUS_QUEUES,
  BUS_SCHEMA_VERSION,
  type BusMetricsResponse,
  type BusQueueFigures,
} from '@cc/contracts';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import { busConfig, type BusConfig } from '../config/bus.config';
import { ReadinessRegistry, type ReadinessCheckResult } from '../health/readiness.registry';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../redis/redis.tokens';
import { AmqpSession, redactAmqpUrl } from './adapters/amqp-session';
import { ConfirmPublisher, type PublisherStats } from './adapters/confirm-publisher';
import { RedisMessageDedupStore } from './adapters/message-dedup.redis';
import { type BusMessageHandler, QueueConsumer } from './adapters/queue-consumer';
import { BUS_APP_ID } from './bus.tokens';
import { BusNames, buildBusTopology } from './domain/bus-topology';

export interface BusPublishOptions {
  /** Type property; default the routing key. */
  type?: string;
  messageId?: string;
  priority?: number;
}

const CONNECT_TIMEOUT_MS = 5000;
const HEARTBEAT_SECONDS = 10;
const MISCONFIGURED_RECHECK_MS = 60_000;
// A handler may take this long before another instance may take its message over.
const DEDUP_CLAIM_TTL_MS = 60_000;
// Longer than any redelivery: queues keep messages at most 7 days, but duplicates arrive within minutes.
const DEDUP_DONE_TTL_MS = 24 * 3_600_000;
const FIGURES_TIMEOUT_MS = 2000;

const reconnectDelay = (attempt: number): number => Math.min(250 * 2 ** Math.min(attempt - 1, 5), 5000);

/**
 * The RabbitMQ bus of this instance: one kept-alive connection, the topology, a confirm publisher and
 * the consumers other modules register. Off (with a warning) when RABBITMQ_URL is unset.
 */
@Injectable()
export class BusService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BusService.name);
  readonly names: BusNames;
  private readonly session: AmqpSession | null;
  private readonly publisher: ConfirmPublisher | null;
  private readonly consumers: QueueConsumer[] = [];
  private readonly dedup: RedisMessageDedupStore;

  constructor(
    @Inject(busConfig.KEY) private readonly config: BusConfig,
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(REDIS_KEY_PREFIX) redisKeyPrefix: string,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.names = new BusNames(config.namePrefix);
    this.dedup = new RedisMessageDedupStore(redis, {
      keyPrefix: redisKeyPrefix,
      claimTtlMs: DEDUP_CLAIM_TTL_MS,
      doneTtlMs: DEDUP_DONE_TTL_MS,
    });
    if (config.url === null) {
      this.session = null;
      this.publisher = null;
      return;
    }
    this.session = new AmqpSession({
      url: config.url,
      topology: buildBusTopology(this.names, config.retryDelaysMs),
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      reconnectDelayMs: reconnectDelay,
      misconfiguredRecheckMs: MISCONFIGURED_RECHECK_MS,
      logger: this.logger,
    });
    this.publisher = new ConfirmPublisher({
      schemaVersion: BUS_SCHEMA_VERSION,
      appId: BUS_APP_ID,
      bufferCapacity: config.publishBufferCapacity,
      overflowPolicy: config.overflowPolicy,
      logger: this.logger,
    });
    this.session.addClient(this.publisher);
  }

  get enabled(): boolean {
    return this.session !== null;
  }

  onModuleInit(): void {
    this.readiness.register('bus', async () => this.readinessCheck(), { required: false });
    this.registerMetrics();
    if (!this.session) {
      this.logger.warn('RABBITMQ_URL is not set: the event bus is off, events stay in this process');
    }
  }

  /** Consumers are registered by now (module init), so the first connection subscribes them all. */
  onApplicationBootstrap(): void {
    if (this.session && this.config.url) {
      this.logger.log(`connecting to ${redactAmqpUrl(this.config.url)}`);
      this.session.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.session?.close();
    this.publisher?.abandon('the application is shutting down');
  }

  /** Resolves once the broker confirmed the message; with the bus off it resolves at once. */
  publishEvent(routingKey: string, body: unknown, options: BusPublishOptions = {}): Promise<void> {
    return this.publish(BUS_EXCHANGES.events, routingKey, body, options);
  }

  publishCommand(routingKey: string, body: unknown, options: BusPublishOptions = {}): Promise<void> {
    return this.publish(BUS_EXCHANGES.commands, routingKey, body, options);
  }

  /** Subscribes a handler to its queue on every connection (no-op with the bus off). */
  consume(handler: BusMessageHandler): void {
    if (!this.session || !this.publisher) return;
    const consumer = new QueueConsumer(handler, this.publisher, this.dedup, {
      names: this.names,
      prefetch: this.config.prefetch,
      retryDelaysMs: this.config.retryDelaysMs,
      schemaVersion: BUS_SCHEMA_VERSION,
      logger: this.logger,
    });
    this.consumers.push(consumer);
    this.session.addClient(consumer);
  }

  /** For tests and start-up scripts: resolves when connected and subscribed. */
  whenConnected(): Promise<void> {
    return this.session?.whenConnected() ?? Promise.resolve();
  }

  publisherStats(): PublisherStats {
    return (
      this.publisher?.stats ?? {
        published: 0,
        confirmed: 0,
        republished: 0,
        buffered: 0,
        bufferCapacity: this.config.publishBufferCapacity,
        overflowPolicy: this.config.overflowPolicy,
        overflowed: 0,
        inFlight: 0,
      }
    );
  }

  async metrics(): Promise<BusMetricsResponse> {
    const publisher = this.publisherStats();
    return {
      enabled: this.enabled,
      connection: this.session?.state === 'closed' ? 'disconnected' : (this.session?.state ?? 'disabled'),
      problems: [...(this.session?.problems ?? [])],
      queues: await this.queueFigures(),
      publisher,
      consumers: this.consumers.map((consumer) => consumer.stats),
    };
  }

  private publish(
    exchange: string,
    routingKey: string,
    body: unknown,
    options: BusPublishOptions,
  ): Promise<void> {
    if (!this.publisher) return Promise.resolve();
    return this.publisher.publish({
      exchange: this.names.exchange(exchange),
      routingKey,
      body,
      type: options.type ?? routingKey,
      messageId: options.messageId,
      priority: options.priority,
    });
  }

  // The broker's own counts, read with passive declarations (no management plugin needed). A connection
  // lost meanwhile leaves them out: the rest of the figures still answer.
  private async queueFigures(): Promise<BusQueueFigures[]> {
    if (!this.session || this.session.state !== 'connected') return [];
    try {
      return await this.readQueueFigures(this.session);
    } catch (error) {
      this.logger.warn(
        `queue figures unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
      return [];
    }
  }

  private async readQueueFigures(session: AmqpSession): Promise<BusQueueFigures[]> {
    const channel = await session.openChannel();
    channel.on('error', () => undefined);
    try {
      const figures: BusQueueFigures[] = [];
      for (const queue of Object.values(BUS_QUEUES)) {
        const name = this.names.queue(queue);
        const reply = await withTimeout(channel.checkQueue(name), FIGURES_TIMEOUT_MS);
        figures.push({ queue: name, messages: reply.messageCount, consumers: reply.consumerCount });
      }
      return figures;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private readinessCheck(): ReadinessCheckResult {
    if (!this.session || !this.publisher) {
      return { status: 'disabled', details: { reason: 'RABBITMQ_URL is not set' } };
    }
    const { buffered, inFlight, overflowed } = this.publisher.stats;
    const details = { connection: this.session.state, buffered, inFlight, overflowed };
    if (this.session.state === 'connected') return { status: 'up', details };
    return { status: 'down', details: { ...details, problems: this.session.problems } };
  }

  private registerMetrics(): void {
    const publisher = () => this.publisher?.stats;
    const registers = [this.registry];
    const counter = (name: string, help: string, read: () => number | undefined) =>
      new Counter({
        name,
        help,
        registers,
        // The publisher keeps the count; a scrape copies it (reset + inc keeps the series monotonic).
        collect() {
          this.reset();
          this.inc(read() ?? 0);
        },
      });
    counter('bus_published_total', 'Messages handed to the bus publisher', () => publisher()?.published);
    counter('bus_confirmed_total', 'Messages the broker confirmed', () => publisher()?.confirmed);
    counter(
      'bus_republished_total',
      'Messages sent again after a nack or a lost channel',
      () => publisher()?.republished,
    );
    counter(
      'bus_buffer_overflow_total',
      'Publishes refused or dropped by the full buffer',
      () => publisher()?.overflowed,
    );
    new Gauge({
      name: 'bus_buffered_messages',
      help: 'Publishes waiting for the broker',
      registers,
      collect() {
        this.set(publisher()?.buffered ?? 0);
      },
    });
    const consumers = () => this.consumers;
    new Gauge({
      name: 'bus_consumed_messages',
      help: 'Messages consumed, by queue and outcome (handled, duplicate, retried, dead_lettered)',
      labelNames: ['queue', 'outcome'],
      registers,
      collect() {
        for (const { stats } of consumers()) {
          this.set({ queue: stats.queue, outcome: 'handled' }, stats.handled);
          this.set({ queue: stats.queue, outcome: 'duplicate' }, stats.duplicates);
          this.set({ queue: stats.queue, outcome: 'retried' }, stats.retried);
          this.set({ queue: stats.queue, outcome: 'dead_lettered' }, stats.deadLettered);
        }
      },
    });
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the broker within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
