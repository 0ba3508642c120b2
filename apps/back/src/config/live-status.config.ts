import { defineConfigSlice } from './config-slice';

export interface LiveStatusConfig {
  /** Names this process in the ingestion lease (INSTANCE_ID, default `<hostname>-<pid>`). */
  instanceId: string;
  /** How long the ingestion lease lives without renewal. */
  leaseTtlMs: number;
  /** Renewal period; shorter than leaseTtlMs (checked at start-up). */
  leaseRenewIntervalMs: number;
  /** Period of the full QueueStatus/CoreShowChannels reconciliation. */
  reconcileIntervalMs: number;
  /** Time allowed for an AMI list action (QueueStatus ...) to complete. */
  listTimeoutMs: number;
  /** Lifetime of each live-status entry in Redis, refreshed on every update. */
  ttlMs: number;
}

export const liveStatusConfig = defineConfigSlice('liveStatus', (env): LiveStatusConfig => ({
  instanceId: env.instanceId,
  leaseTtlMs: env.liveStatusLeaseTtlMs,
  leaseRenewIntervalMs: env.liveStatusLeaseRenewMs,
  reconcileIntervalMs: env.liveStatusReconcileMs,
  listTimeoutMs: env.amiListTimeoutMs,
  ttlMs: env.liveStatusTtlSeconds * 1000,
}));
