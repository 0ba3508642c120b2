import type { BusOverflowPolicy } from '@cc/contracts';
import type { ConfirmChannel, Options } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { PublishBuffer } from '../domain/publish-buffer';
import type { AmqpSessionChannels, AmqpSessionClient, BusLogger } from './amqp-session';

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  /** JSON-serialisable body, or bytes already encoded (a message passed on as it came). */
  body: unknown;
  /** The AMQP `type` property: what the body is, e.g. `call.start`. */
  type: string;
  messageId?: string;
  /** ISO-8601 or epoch ms; default now. */
  timestamp?: number;
  priority?: number;
  headers?: Record<string, unknown>;
}

export class BusBufferFullError extends Error {
  constructor(capacity: number) {
    super(`the bus publish buffer is full (${capacity} messages waiting for the broker)`);
    this.name = 'BusBufferFullError';
  }
}

export class BusPublishDroppedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BusPublishDroppedError';
  }
}

interface Pending {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
  attempts: number;
  /** Publish order, so messages that come back are sent again in the order they were first sent. */
  seq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface PublisherStats {
  published: number;
  confirmed: number;
  republished: number;
  buffered: number;
  bufferCapacity: number;
  overflowPolicy: BusOverflowPolicy;
  overflowed: number;
  inFlight: number;
}

export interface ConfirmPublisherOptions {
  schemaVersion: number;
  /** The AMQP `appId` property: who published it. */
  appId: string;
  bufferCapacity: number;
  overflowPolicy: BusOverflowPolicy;
  logger: BusLogger;
  /** Called for every overflow, e.g. to count it in Prometheus. */
  onOverflow?: () => void;
  /**
   * Most messages sent and not yet confirmed (default 1024); the rest wait in the buffer. Enough to keep
   * the broker busy, few enough that a cut connection has little to send again.
   */
  maxInFlight?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 1024;

// A message the broker nacks this many times is given up (the broker is refusing it, not losing it).
const MAX_ATTEMPTS = 10;

/**
 * Publishes on a confirm channel, pipelined: up to `maxInFlight` messages are in flight and each promise
 * resolves when the broker confirms that message (one confirm often covers many: `multiple`). Past the
 * window, or while amqplib's write buffer is full, or without a channel, publishes wait in a bounded
 * buffer and are sent as confirms come back; a
 * channel lost with messages unconfirmed puts them back at the front, and they are sent again on the
 * next channel. So a resolved publish is on the broker, and an unresolved one is still ours to send:
 * nothing is lost, and a message can arrive twice (same messageId) when a confirm was lost with the
 * connection. Consumers de-duplicate by messageId.
 */
export class ConfirmPublisher implements AmqpSessionClient {
  private channel: ConfirmChannel | null = null;
  private blocked = false;
  private readonly buffer: PublishBuffer<Pending>;
  private readonly inFlight = new Set<Pending>();
  private overflowLogged = false;
  private nextSeq = 0;
  private returning: Pending[] = [];
  private readonly counts = { published: 0, confirmed: 0, republished: 0, overflowed: 0 };
  private readonly maxInFlight: number;
  private refillScheduled = false;
  // Shared by every message without headers of its own: amqplib only reads it.
  private readonly baseHeaders: Record<string, unknown>;

  constructor(private readonly options: ConfirmPublisherOptions) {
    this.buffer = new PublishBuffer(options.bufferCapacity, options.overflowPolicy);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.baseHeaders = { 'x-schema-version': options.schemaVersion };
  }

  get stats(): PublisherStats {
    return {
      ...this.counts,
      buffered: this.buffer.size,
      bufferCapacity: this.buffer.capacity,
      overflowPolicy: this.buffer.policy,
      inFlight: this.inFlight.size,
    };
  }

  publish(message: OutgoingMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const content = Buffer.isBuffer(message.body)
        ? message.body
        : Buffer.from(JSON.stringify(message.body));
      const pending: Pending = {
        exchange: message.exchange,
        routingKey: message.routingKey,
        content,
        options: {
          persistent: true,
          contentType: 'application/json',
          appId: this.options.appId,
          messageId: message.messageId ?? randomUUID(),
          timestamp: Math.floor((message.timestamp ?? Date.now()) / 1000),
          type: message.type,
          priority: message.priority,
          headers: message.headers ? { ...this.baseHeaders, ...message.headers } : this.baseHeaders,
        },
        attempts: 0,
        seq: this.nextSeq++,
        resolve,
        reject,
      };
      this.counts.published += 1;
      if (this.channel && this.canSend() && this.buffer.size === 0) {
        this.send(this.channel, pending);
        return;
      }
      this.enqueue(pending);
    });
  }

  async attach(session: AmqpSessionChannels): Promise<void> {
    const channel = await session.createConfirmChannel();
    channel.on('error', (error: unknown) =>
      this.options.logger.warn(
        `publish channel error: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    channel.on('close', () => this.onChannelClosed(channel));
    channel.on('drain', () => {
      if (this.channel === channel) {
        this.blocked = false;
        this.flush();
      }
    });
    this.channel = channel;
    this.blocked = false;
    this.flush();
  }

  detach(): void {
    if (this.channel) this.onChannelClosed(this.channel);
  }

  /** Rejects everything still waiting (shutdown). */
  abandon(reason: string): void {
    for (const pending of [...this.buffer.drain(), ...this.inFlight]) {
      pending.reject(new BusPublishDroppedError(reason));
    }
    this.inFlight.clear();
  }

  private enqueue(pending: Pending): void {
    const offered = this.buffer.offer(pending);
    if (offered.accepted && offered.dropped === null) return;
    this.counts.overflowed += 1;
    this.options.onOverflow?.();
    if (!this.overflowLogged) {
      // Once per outage: every overflow is counted on /metrics and /api/bus/metrics.
      this.overflowLogged = true;
      this.options.logger.error(
        `publish buffer full (${this.buffer.capacity}); policy ${this.buffer.policy}: ` +
          (offered.accepted ? 'dropping the oldest waiting messages' : 'refusing new messages'),
      );
    }
    if (offered.accepted) {
      offered.dropped?.reject(
        new BusPublishDroppedError('dropped from the full publish buffer (drop-oldest)'),
      );
    } else {
      pending.reject(new BusBufferFullError(this.buffer.capacity));
    }
  }

  private canSend(): boolean {
    return !this.blocked && this.inFlight.size < this.maxInFlight;
  }

  private flush(): void {
    const channel = this.channel;
    while (channel && this.channel === channel && this.canSend()) {
      const next = this.buffer.shift();
      if (!next) break;
      this.send(channel, next);
    }
    if (this.buffer.size === 0) this.overflowLogged = false;
  }

  // amqplib calls back once per message of a `multiple` confirm, synchronously: refill the window once
  // after the whole batch instead of sending one message per callback.
  private scheduleRefill(): void {
    if (this.refillScheduled || this.buffer.size === 0) return;
    this.refillScheduled = true;
    queueMicrotask(() => {
      this.refillScheduled = false;
      this.flush();
    });
  }

  private send(channel: ConfirmChannel, pending: Pending): void {
    pending.attempts += 1;
    this.inFlight.add(pending);
    let writable: boolean;
    try {
      writable = channel.publish(
        pending.exchange,
        pending.routingKey,
        pending.content,
        pending.options,
        (error) => this.onConfirm(pending, error),
      );
    } catch {
      // amqplib throws synchronously on a channel that is closing; the message was not sent.
      this.inFlight.delete(pending);
      pending.attempts -= 1;
      this.buffer.returnToFront([pending]);
      this.onChannelClosed(channel);
      return;
    }
    if (!writable) this.blocked = true;
  }

  private onConfirm(pending: Pending, error: unknown): void {
    if (!this.inFlight.delete(pending)) return;
    if (error === null || error === undefined) {
      this.counts.confirmed += 1;
      pending.resolve();
      this.scheduleRefill();
      return;
    }
    // Nacked, or the channel closed before the confirm: send it again (same messageId).
    if (pending.attempts >= MAX_ATTEMPTS) {
      pending.reject(new BusPublishDroppedError(`the broker refused the message ${pending.attempts} times`));
      return;
    }
    this.returnForResend([pending]);
  }

  // A closing channel fails its unconfirmed messages one callback at a time: gather them and put them
  // back once, in send order, instead of one O(n) insertion each.
  private returnForResend(pendings: readonly Pending[]): void {
    if (pendings.length === 0) return;
    this.counts.republished += pendings.length;
    const first = this.returning.length === 0;
    this.returning.push(...pendings);
    if (!first) return;
    queueMicrotask(() => {
      const back = this.returning.sort((a, b) => a.seq - b.seq);
      this.returning = [];
      this.buffer.returnToFront(back);
      this.flush();
    });
  }

  private onChannelClosed(channel: ConfirmChannel): void {
    if (this.channel !== channel) return;
    this.channel = null;
    this.blocked = false;
    // amqplib fails each unconfirmed callback with "channel closed" on close; anything it did not
    // (a close we noticed first) goes back to the front here, in the order it was sent.
    const unconfirmed = [...this.inFlight];
    this.inFlight.clear();
    this.returnForResend(unconfirmed);
  }
}
