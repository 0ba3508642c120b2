import type { ChannelStatusData, OperatorStatusData, QueueStatusData } from '@cc/contracts';

// Same shape as the reducer's LiveStateChange so the service maps one onto the other 1:1.
// `version` is carried for that mapping only: the store trusts enqueue order (last write wins).
export type LiveStatusStoreWrite =
  | { entity: 'operator'; op: 'upsert'; id: string; version?: number; value: OperatorStatusData }
  // `queue` locates the per-queue index; without it the queue is read from the memberId.
  | { entity: 'operator'; op: 'remove'; id: string; version?: number; queue?: string }
  | { entity: 'channel'; op: 'upsert'; id: string; version?: number; value: ChannelStatusData }
  | { entity: 'channel'; op: 'remove'; id: string; version?: number }
  | { entity: 'queue'; op: 'upsert'; id: string; version?: number; value: QueueStatusData }
  | { entity: 'queue'; op: 'remove'; id: string; version?: number };

export type LiveStatusStoreEntity = LiveStatusStoreWrite['entity'];

/** The whole live state, as written by `replaceAll` after a rebuild from Asterisk. */
export interface LiveStatusStoreContent {
  operators: readonly OperatorStatusData[];
  channels: readonly ChannelStatusData[];
  queues: readonly QueueStatusData[];
}

export interface ReplaceAllResult {
  written: number;
  removed: number;
}

/** What the LiveStatusWriter needs from a store; LiveStatusStore implements it. */
export interface LiveStatusStoreBatchSink {
  applyWrites(writes: readonly LiveStatusStoreWrite[]): Promise<void>;
  replaceAll(content: LiveStatusStoreContent): Promise<ReplaceAllResult>;
}

export interface LiveStatusStoreOptions {
  /** Entry and index TTL, refreshed on every write. */
  ttlMs: number;
  /** Upper bound for one read or one write batch, on top of the client's own commandTimeout. */
  timeoutMs: number;
  /** Upper bound for replaceAll and clearAll, which move the whole state. */
  bulkTimeoutMs: number;
  /**
   * How long replaceAll keeps the entries it drops (already out of every index): covers a reader between
   * its index read and its entry read. Must exceed that gap, which timeoutMs bounds.
   */
  staleGraceMs: number;
}

export const DEFAULT_LIVE_STATUS_STORE_OPTIONS: LiveStatusStoreOptions = {
  ttlMs: 60 * 60 * 1000,
  timeoutMs: 2000,
  bulkTimeoutMs: 15000,
  staleGraceMs: 5000,
};

export interface LiveStatusStoreLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}
