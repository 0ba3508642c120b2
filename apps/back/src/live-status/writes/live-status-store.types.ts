import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../domain/live-status.types';

export interface ReplaceAllResult {
  written: number;
  removed: number;
}

/** What the LiveStatusWriter needs from a store; LiveStatusStore implements it. */
export interface LiveStatusStoreBatchSink {
  applyWrites(changes: readonly LiveStatusChange[]): Promise<void>;
  replaceAll(content: LiveStatusContent): Promise<ReplaceAllResult>;
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
