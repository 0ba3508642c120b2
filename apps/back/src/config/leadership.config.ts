import { defineConfigSlice } from './config-slice';

export interface LeadershipConfig {
  /** Names this process in every lease (INSTANCE_ID, default `<hostname>-<pid>`). */
  instanceId: string;
  /** How long a lease lives without renewal: a dead holder is replaced within about this time. */
  leaseTtlMs: number;
  /** Renewal period; shorter than leaseTtlMs (checked at start-up). */
  leaseRenewIntervalMs: number;
}

// The variables keep their LIVE_STATUS_ names: deployments set them since ingestion was the only leader.
export const leadershipConfig = defineConfigSlice('leadership', (env): LeadershipConfig => ({
  instanceId: env.instanceId,
  leaseTtlMs: env.liveStatusLeaseTtlMs,
  leaseRenewIntervalMs: env.liveStatusLeaseRenewMs,
}));
