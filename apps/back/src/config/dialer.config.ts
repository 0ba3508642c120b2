import { defineConfigSlice } from './config-slice';

export interface DialerConfig {
  /** Dialplan context that dials an external number (Originate's Context, the lead's number as Exten). */
  outboundContext: string;
  /** How long the reserved agent's phone rings before the attempt counts as missed by the agent. */
  agentRingSeconds: number;
  /** How long a lead waits for a free agent before it is put back and scheduled again. */
  maxWaitMs: number;
  /** Period of the scheduler (due retries, stale attempts) and of the free-agent re-check. */
  tickMs: number;
}

export const dialerConfig = defineConfigSlice('dialer', (env): DialerConfig => ({
  outboundContext: env.dialerOutboundContext,
  agentRingSeconds: env.dialerAgentRingSeconds,
  maxWaitMs: env.dialerMaxWaitMs,
  tickMs: env.dialerTickMs,
}));
