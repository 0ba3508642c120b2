// The one place that spells the leadership Redis keys, after REDIS_KEY_PREFIX:
//
//   {prefix}ingestion:lease        the ingestion lease: `<instanceId>:<fencingToken>` while held
//   {prefix}ingestion:fencing      its fencing counter (only grows)
//   {prefix}lease:{name}           any other named lease (`wrapup-timers`, `dialer`...)
//   {prefix}lease:{name}:fencing   its fencing counter
//
// The ingestion lease keeps the names it had before leadership became its own module, so instances of
// the previous release and of this one never both ingest during a rolling upgrade.

export const INGESTION_LEASE = 'ingestion';

export interface LeaseKeys {
  lease: string;
  fencing: string;
}

export function leaseKeys(prefix: string, name: string): LeaseKeys {
  if (name === INGESTION_LEASE)
    return { lease: `${prefix}ingestion:lease`, fencing: `${prefix}ingestion:fencing` };
  return { lease: `${prefix}lease:${name}`, fencing: `${prefix}lease:${name}:fencing` };
}
