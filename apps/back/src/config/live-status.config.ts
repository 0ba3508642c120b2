import { defineConfigSlice } from './config-slice';

export interface LiveStatusConfig {
  /** Period of the full QueueStatus/CoreShowChannels reconciliation. */
  reconcileIntervalMs: number;
  /** Time allowed for an AMI list action (QueueStatus ...) to complete. */
  listTimeoutMs: number;
  /** Lifetime of each live-status entry in Redis, refreshed on every update. */
  ttlMs: number;
}

export const liveStatusConfig = defineConfigSlice('liveStatus', (env): LiveStatusConfig => ({
  reconcileIntervalMs: env.liveStatusReconcileMs,
  listTimeoutMs: env.amiListTimeoutMs,
  ttlMs: env.liveStatusTtlSeconds * 1000,
}));
