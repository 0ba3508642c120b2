import { Injectable, Logger } from '@nestjs/common';
import type {
  ChannelStatusData,
  LiveStateSource,
  LiveStatusSnapshot,
  OperatorStatusData,
  QueueStatusData,
  SourcedList,
} from '@cc/contracts';
import { PostgresLiveStatusFallback } from './adapters/postgres-live-status.fallback';
import { LiveStatusStoreUnavailableError } from './adapters/live-status-store-unavailable.error';
import { LiveStatusStore } from './adapters/live-status.store';

// A dashboard polls every few seconds: after a Redis outage it sees live data again within this delay.
export const REDIS_RETRY_WHILE_DEGRADED_MS = 5000;

/** A single-entity read: `item` is null when the entity is unknown to the side that answered. */
export interface SourcedLookup<T> {
  source: LiveStateSource;
  item: T | null;
}

/**
 * Reads the live state: Redis first; when Redis cannot answer, the configuration in Postgres, marked
 * `source: "db"` (channels exist only in Redis, so the fallback has none). Reads never fail because Redis
 * is down. Writes go to Redis only and fail while it is down.
 */
const SOURCED_REDIS_HEAD = Buffer.from('{"source":"redis","items":');
const SOURCED_TAIL = Buffer.from('}');

@Injectable()
export class LiveStatusQueryService {
  private readonly logger = new Logger(LiveStatusQueryService.name);
  // Set on the first failed read, cleared by the next good one: one warning per outage, not one per request.
  private degraded = false;
  private lastRedisAttemptAt = 0;

  constructor(
    private readonly store: LiveStatusStore,
    private readonly fallback: PostgresLiveStatusFallback,
  ) {}

  getOperatorsSnapshot(): Promise<SourcedList<OperatorStatusData>> {
    return this.list(
      () => this.store.getAllOperators(),
      () => this.fallback.operators(),
    );
  }

  /** `getOperatorsSnapshot` as JSON bytes: from Redis the stored JSON is spliced, never parsed. */
  async getOperatorsJson(): Promise<Buffer> {
    const items = await this.fromRedis(() => this.store.getAllOperatorsJson());
    if (items !== undefined) return Buffer.concat([SOURCED_REDIS_HEAD, items, SOURCED_TAIL]);
    return Buffer.from(JSON.stringify({ source: 'db', items: await this.fallback.operators() }));
  }

  getOperator(memberId: string): Promise<SourcedLookup<OperatorStatusData>> {
    return this.lookup(
      () => this.store.getOperator(memberId),
      async () => (await this.fallback.operators()).find((operator) => operator.id === memberId) ?? null,
    );
  }

  getQueueOperators(queueName: string): Promise<SourcedList<OperatorStatusData>> {
    return this.list(
      () => this.store.getOperatorsByQueue(queueName),
      () => this.fallback.operators(queueName),
    );
  }

  getQueuesSnapshot(): Promise<SourcedList<QueueStatusData>> {
    return this.list(
      () => this.store.getAllQueues(),
      () => this.fallback.queueStatuses(),
    );
  }

  getQueueStatus(queueName: string): Promise<SourcedLookup<QueueStatusData>> {
    return this.lookup(
      () => this.store.getQueue(queueName),
      async () => (await this.fallback.queueStatuses(queueName))[0] ?? null,
    );
  }

  getChannels(): Promise<SourcedList<ChannelStatusData>> {
    return this.list(
      () => this.store.getAllChannels(),
      async () => [],
    );
  }

  /** With Redis down the answer is `{ source: "db", item: null }`: the channel may well exist. */
  getChannel(channelId: string): Promise<SourcedLookup<ChannelStatusData>> {
    return this.lookup(
      () => this.store.getChannel(channelId),
      async () => null,
    );
  }

  async getDashboardData(): Promise<LiveStatusSnapshot> {
    const snapshot = await this.fromRedis(() => this.store.getFullSnapshot());
    return snapshot ?? this.dashboardFromPostgres();
  }

  /**
   * The same snapshot as JSON text. From Redis the stored JSON is spliced together without being parsed
   * and serialised again, which is most of the cost of a 5,000-operator dashboard read.
   */
  async getDashboardJson(): Promise<Buffer> {
    const json = await this.fromRedis(() => this.store.getFullSnapshotJson());
    return json ?? Buffer.from(JSON.stringify(await this.dashboardFromPostgres()));
  }

  private async dashboardFromPostgres(): Promise<LiveStatusSnapshot> {
    const [operators, queues] = await Promise.all([this.fallback.operators(), this.fallback.queueStatuses()]);
    return { source: 'db', operators, channels: [], queues, takenAt: new Date().toISOString() };
  }

  // --- writes: Redis only. With Redis down they throw LiveStatusStoreUnavailableError; Postgres is never written.

  async saveOperator(operator: OperatorStatusData): Promise<OperatorStatusData> {
    await this.store.setOperator(operator);
    return operator;
  }

  /** False when Redis has no such operator. */
  async deleteOperator(memberId: string): Promise<boolean> {
    const existing = await this.store.getOperator(memberId);
    if (!existing) return false;
    await this.store.removeOperator(memberId);
    return true;
  }

  async saveChannel(channel: ChannelStatusData): Promise<ChannelStatusData> {
    await this.store.setChannel(channel);
    return channel;
  }

  /** False when Redis has no such channel. */
  async deleteChannel(channelId: string): Promise<boolean> {
    if (!(await this.store.getChannel(channelId))) return false;
    await this.store.removeChannel(channelId);
    return true;
  }

  async saveQueue(queue: QueueStatusData): Promise<QueueStatusData> {
    await this.store.setQueue(queue);
    return queue;
  }

  /** Deletes every live-status key; returns how many. */
  clearAll(): Promise<number> {
    return this.store.clearAll();
  }

  private async list<T>(live: () => Promise<T[]>, configured: () => Promise<T[]>): Promise<SourcedList<T>> {
    const items = await this.fromRedis(live);
    if (items !== undefined) return { source: 'redis', items };
    return { source: 'db', items: await configured() };
  }

  private async lookup<T>(
    live: () => Promise<T | null>,
    configured: () => Promise<T | null>,
  ): Promise<SourcedLookup<T>> {
    const item = await this.fromRedis(live);
    if (item !== undefined) return { source: 'redis', item };
    return { source: 'db', item: await configured() };
  }

  /**
   * The Redis answer, or undefined when Redis is unavailable (any other error propagates). While Redis is
   * down, a failed call costs up to the client's command timeout, so only one read per
   * REDIS_RETRY_WHILE_DEGRADED_MS tries it; the others go straight to Postgres.
   */
  private async fromRedis<T>(read: () => Promise<T>): Promise<T | undefined> {
    const now = Date.now();
    if (this.degraded && now - this.lastRedisAttemptAt < REDIS_RETRY_WHILE_DEGRADED_MS) return undefined;
    this.lastRedisAttemptAt = now;
    try {
      const value = await read();
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis answers again: live-status reads come from Redis');
      }
      return value;
    } catch (error) {
      if (!(error instanceof LiveStatusStoreUnavailableError)) throw error;
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(
          `Redis unavailable (${error.message}): live-status reads fall back to Postgres until it answers`,
        );
      }
      return undefined;
    }
  }
}
