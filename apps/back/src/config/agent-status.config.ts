import { defineConfigSlice } from './config-slice';

export interface AgentStatusConfig {
  /** Period of the desired-vs-observed pause reconcile (AGENT_STATUS_RECONCILE_MS). */
  reconcileIntervalMs: number;
  /** Wrap-up after a call with no queue wrap-up time (AGENT_WRAPUP_DEFAULT_SECONDS). */
  wrapUpDefaultSeconds: number;
  /** How often each instance looks for wrap-ups that are due (AGENT_WRAPUP_POLL_MS). */
  wrapUpPollMs: number;
  /** How long an endpoint change must hold before the agent's status follows (ENDPOINT_DEBOUNCE_MS). */
  endpointDebounceMs: number;
  /** Cron of the endpoint safety-net sync (ENDPOINT_SYNC_CRON). */
  endpointSyncCron: string;
  /** Time allowed for one AMI action or list. */
  amiTimeoutMs: number;
}

export const agentStatusConfig = defineConfigSlice('agentStatus', (env): AgentStatusConfig => ({
  reconcileIntervalMs: env.agentStatusReconcileMs,
  wrapUpDefaultSeconds: env.agentWrapUpDefaultSeconds,
  wrapUpPollMs: env.agentWrapUpPollMs,
  endpointDebounceMs: env.endpointDebounceMs,
  endpointSyncCron: env.endpointSyncCron,
  amiTimeoutMs: env.amiListTimeoutMs,
}));
