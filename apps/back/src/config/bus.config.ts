import { defineConfigSlice } from './config-slice';

export interface BusConfig {
  /** False when RABBITMQ_URL is unset: events stay in-process. */
  enabled: boolean;
  url: string | null;
}

export const busConfig = defineConfigSlice('bus', (env): BusConfig => ({
  enabled: env.rabbitmqUrl !== null,
  url: env.rabbitmqUrl,
}));
