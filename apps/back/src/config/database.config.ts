import { defineConfigSlice } from './config-slice';

export interface DatabaseConfig {
  url: string;
}

export const databaseConfig = defineConfigSlice('database', (env): DatabaseConfig => ({
  url: env.databaseUrl,
}));
