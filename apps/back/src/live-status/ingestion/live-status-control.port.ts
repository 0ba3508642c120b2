import type { AmiMessage } from '@cc/ami';

/** What the REST and sync services may ask of the ingestion, without depending on how it works. */
export interface LiveStatusControl {
  /** Rebuilds the live state from Asterisk's lists; false when this instance is not the ingesting one. */
  rebuildFromAsterisk(): Promise<boolean>;
  /** Asterisk's own QueueStatus items (QueueParams, QueueMember, QueueEntry), or null when unreachable. */
  queueStatusFromAsterisk(): Promise<AmiMessage[] | null>;
  /** True on the instance that holds the ingestion lease. */
  readonly ingesting: boolean;
}

export const LIVE_STATUS_CONTROL = Symbol('LIVE_STATUS_CONTROL');
