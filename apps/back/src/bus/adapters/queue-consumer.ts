import { BUS_EXCHANGES, BUS_ROUTING_KEYS } from '@cc/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import { createHash } from 'node:crypto';
import type { BusNames, ConsumedQueue } from '../domain/bus-topology';
import { decideAfterFailure, PoisonMessageError, retryCountOf } from '../domain/delivery-failure';
import type { AmqpSessionChannels, AmqpSessionClient, BusLogger } from './amqp-session';
import type { ConfirmPublisher } from './confirm-publisher';
import type { MessageDedupStore } from './message-dedup.store';

export interface DeliveryMeta {
  messageId: string;
  type: string | null;
  routingKey: string;
  retryCount: number;
  priority: number | null;
  /** Who published it (AMQP appId), when the publisher said. */
  appId: string | null;
}

/** Handles one queue's messages. Throw `PoisonMessageError` for a message that can never succeed. */
export interface BusMessageHandler {
  readonly queue: ConsumedQueue;
  handle(body: unknown, meta: DeliveryMeta): Promise<void>;
}

export interface ConsumerStats {
  queue: string;
  handled: number;
  duplicates: number;
  retried: number;
  deadLettered: number;
}

export interface QueueConsumerOptions {
  names: BusNames;
  prefetch: number;
  retryDelaysMs: readonly number[];
  schemaVersion: number;
  logger: BusLogger;
  onOutcome?: (queue: string, outcome: 'handled' | 'duplicate' | 'retried' | 'dead-lettered') => void;
}

// A retry or dead letter that could not be published is handed back after this pause, not at once.
const REQUEUE_PAUSE_MS = 1000;

/**
 * Consumes one queue with a prefetch window: each message is acked only after its handler succeeded (or
 * after it was safely moved to a retry queue or the dead letters), and handled once per messageId.
 */
export class QueueConsumer implements AmqpSessionClient {
  private channel: Channel | null = null;
  private readonly counts = { handled: 0, duplicates: 0, retried: 0, deadLettered: 0 };
  private dedupWarned = false;

  constructor(
    private readonly handler: BusMessageHandler,
    private readonly publisher: ConfirmPublisher,
    private readonly dedup: MessageDedupStore,
    private readonly options: QueueConsumerOptions,
  ) {}

  get queueName(): string {
    return this.options.names.queue(this.handler.queue);
  }

  get stats(): ConsumerStats {
    return { queue: this.queueName, ...this.counts };
  }

  async attach(session: AmqpSessionChannels): Promise<void> {
    const channel = await session.createChannel();
    channel.on('error', (error: unknown) =>
      this.options.logger.warn(
        `[${this.queueName}] channel error: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    channel.on('close', () => {
      if (this.channel === channel) this.channel = null;
    });
    await channel.prefetch(this.options.prefetch);
    this.channel = channel;
    await channel.consume(this.queueName, (message) => {
      if (message) void this.onMessage(channel, message);
    });
  }

  detach(): void {
    this.channel = null;
  }

  private async onMessage(channel: Channel, message: ConsumeMessage): Promise<void> {
    const meta: DeliveryMeta = {
      messageId: message.properties.messageId ?? contentId(message.content),
      type: message.properties.type ?? null,
      routingKey: message.fields.routingKey,
      retryCount: retryCountOf(message.properties.headers),
      priority: message.properties.priority ?? null,
      appId: message.properties.appId ?? null,
    };
    const claim = await this.claim(meta.messageId);
    if (claim === 'done') {
      this.counts.duplicates += 1;
      this.options.onOutcome?.(this.queueName, 'duplicate');
      ack(channel, message);
      return;
    }
    if (claim === 'busy') {
      // Another delivery of it is being handled; look again after the shortest delay without using a retry.
      await this.settle(channel, message, () =>
        this.publishRetry(message, meta.retryCount, this.options.retryDelaysMs[0]),
      );
      return;
    }
    try {
      const body = this.decode(message);
      await this.handler.handle(body, meta);
    } catch (error) {
      await this.release(meta.messageId);
      await this.onFailure(channel, message, meta, error);
      return;
    }
    await this.complete(meta.messageId);
    this.counts.handled += 1;
    this.options.onOutcome?.(this.queueName, 'handled');
    ack(channel, message);
  }

  private decode(message: ConsumeMessage): unknown {
    const version = message.properties.headers?.['x-schema-version'];
    if (version !== undefined && Number(version) !== this.options.schemaVersion) {
      throw new PoisonMessageError(`schema version ${String(version)} is not ${this.options.schemaVersion}`);
    }
    try {
      return JSON.parse(message.content.toString('utf8')) as unknown;
    } catch {
      throw new PoisonMessageError('body is not JSON');
    }
  }

  private async onFailure(
    channel: Channel,
    message: ConsumeMessage,
    meta: DeliveryMeta,
    error: unknown,
  ): Promise<void> {
    const decision = decideAfterFailure(error, meta.retryCount, this.options.retryDelaysMs);
    const reason = error instanceof Error ? error.message : String(error);
    if (decision.action === 'retry') {
      this.options.logger.warn(
        `[${this.queueName}] ${meta.messageId} failed (${reason}); retry ${decision.retryCount} in ${decision.delayMs} ms`,
      );
      await this.settle(channel, message, () =>
        this.publishRetry(message, decision.retryCount, decision.delayMs),
      );
      this.counts.retried += 1;
      this.options.onOutcome?.(this.queueName, 'retried');
      return;
    }
    this.options.logger.error(`[${this.queueName}] ${meta.messageId} dead-lettered: ${decision.reason}`);
    await this.settle(channel, message, () => this.publishDeadLetter(message, meta, decision.reason));
    this.counts.deadLettered += 1;
    this.options.onOutcome?.(this.queueName, 'dead-lettered');
  }

  /** Acks once the copy is confirmed; if it cannot be published, hands the message back after a pause. */
  private async settle(
    channel: Channel,
    message: ConsumeMessage,
    publishCopy: () => Promise<void>,
  ): Promise<void> {
    try {
      await publishCopy();
      ack(channel, message);
    } catch (error) {
      this.options.logger.warn(
        `[${this.queueName}] could not move a message aside (${error instanceof Error ? error.message : String(error)}); handing it back`,
      );
      setTimeout(() => nack(channel, message), REQUEUE_PAUSE_MS);
    }
  }

  private publishRetry(message: ConsumeMessage, retryCount: number, delayMs: number): Promise<void> {
    return this.publisher.publish({
      exchange: '',
      routingKey: this.options.names.retryQueue(this.handler.queue, delayMs),
      body: message.content,
      type: message.properties.type ?? 'unknown',
      messageId: message.properties.messageId ?? contentId(message.content),
      priority: message.properties.priority,
      headers: { ...message.properties.headers, 'x-retry-count': retryCount },
    });
  }

  private publishDeadLetter(message: ConsumeMessage, meta: DeliveryMeta, reason: string): Promise<void> {
    return this.publisher.publish({
      exchange: this.options.names.exchange(BUS_EXCHANGES.events),
      routingKey: BUS_ROUTING_KEYS.commandFailed,
      body: message.content,
      type: message.properties.type ?? 'unknown',
      messageId: meta.messageId,
      headers: {
        ...message.properties.headers,
        'x-retry-count': meta.retryCount,
        'x-original-queue': this.queueName,
        'x-original-routing-key': meta.routingKey,
        'x-failure-reason': reason,
      },
    });
  }

  // Redis trouble must not stop the bus: without the store, handling is at-least-once (logged once).
  private async claim(messageId: string): Promise<'claimed' | 'done' | 'busy'> {
    try {
      const result = await this.dedup.claim(this.queueName, messageId);
      this.dedupWarned = false;
      return result;
    } catch (error) {
      this.warnDedup(error);
      return 'claimed';
    }
  }

  private async complete(messageId: string): Promise<void> {
    await this.dedup.complete(this.queueName, messageId).catch((error: unknown) => this.warnDedup(error));
  }

  private async release(messageId: string): Promise<void> {
    await this.dedup.release(this.queueName, messageId).catch((error: unknown) => this.warnDedup(error));
  }

  private warnDedup(error: unknown): void {
    if (this.dedupWarned) return;
    this.dedupWarned = true;
    this.options.logger.warn(
      `[${this.queueName}] de-duplication store unavailable (${error instanceof Error ? error.message : String(error)}); duplicates may be handled twice`,
    );
  }
}

// A message from a service that sets no messageId is identified by its bytes.
function contentId(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

// A channel that closed meanwhile has already returned the message to the queue: nothing to do.
function ack(channel: Channel, message: ConsumeMessage): void {
  try {
    channel.ack(message);
  } catch {
    /* channel closed: the broker redelivers, and the store recognises it */
  }
}

function nack(channel: Channel, message: ConsumeMessage): void {
  try {
    channel.nack(message, false, true);
  } catch {
    /* channel closed: the broker redelivers */
  }
}
