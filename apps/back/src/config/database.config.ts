import { defineConfigSlice } from './config-slice';

export interface DatabaseConfig {
  url: string;
  /** The longest one statement of the serving pool may run; see `servingPoolOptions`. */
  statementTimeoutMs: number;
}

export const databaseConfig = defineConfigSlice('database', (env): DatabaseConfig => ({
  url: env.databaseUrl,
  statementTimeoutMs: env.databaseStatementTimeoutMs,
}));
