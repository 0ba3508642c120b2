// DI tokens for the live-status Redis adapter; the lead's module binds them.
export const LIVE_STATUS_REDIS = Symbol('LIVE_STATUS_REDIS');
export const LIVE_STATUS_KEY_PREFIX = Symbol('LIVE_STATUS_KEY_PREFIX');
export const LIVE_STATUS_STORE_OPTIONS = Symbol('LIVE_STATUS_STORE_OPTIONS');
export const LIVE_STATUS_WRITER_OPTIONS = Symbol('LIVE_STATUS_WRITER_OPTIONS');
/** Where the ingestion's batch writer sends its writes (the fenced Redis store). */
export const LIVE_STATUS_STORE_BATCH_SINK = Symbol('LIVE_STATUS_STORE_BATCH_SINK');
