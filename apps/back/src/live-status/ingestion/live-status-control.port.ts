/** What the REST and sync services may ask of the ingestion, without depending on how it works. */
export interface LiveStatusControl {
  /** Rebuilds the live state from Asterisk's lists; false when this instance is not the ingesting one. */
  rebuildFromAsterisk(): Promise<boolean>;
  /** True on the instance that holds the ingestion lease. */
  readonly ingesting: boolean;
}

export const LIVE_STATUS_CONTROL = Symbol('LIVE_STATUS_CONTROL');
