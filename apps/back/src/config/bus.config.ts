import type { BusOverflowPolicy } from '@cc/contracts';
import { defineConfigSlice } from './config-slice';

export interface BusConfig {
  /** False when RABBITMQ_URL is unset: events stay in-process. */
  enabled: boolean;
  url: string | null;
  /** Before every exchange and queue name; empty in production (the exact names other services use). */
  namePrefix: string;
  prefetch: number;
  publishBufferCapacity: number;
  overflowPolicy: BusOverflowPolicy;
  /** Delay before retry 1, 2, …; a message that fails once more is dead-lettered. */
  retryDelaysMs: number[];
  /** How long AMI or Redis may be down before a system.alert goes out. */
  alertAfterMs: number;
}

export const busConfig = defineConfigSlice('bus', (env): BusConfig => ({
  enabled: env.rabbitmqUrl !== null,
  url: env.rabbitmqUrl,
  namePrefix: env.rabbitmqNamePrefix,
  prefetch: env.rabbitmqPrefetch,
  publishBufferCapacity: env.rabbitmqPublishBuffer,
  overflowPolicy: env.rabbitmqBufferOverflow,
  retryDelaysMs: env.rabbitmqRetryDelaysMs,
  alertAfterMs: env.systemAlertAfterMs,
}));
