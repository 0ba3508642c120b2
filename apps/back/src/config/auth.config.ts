import { defineConfigSlice } from './config-slice';

export interface AuthConfig {
  jwtSecret: string;
  /** As given (`8h`), for the signer. */
  jwtExpiresIn: string;
  jwtExpiresInSeconds: number;
  /** Shared secret for inbound webhooks. */
  webhookToken: string;
  adminUsername: string;
  adminPassword: string;
}

export const authConfig = defineConfigSlice('auth', (env): AuthConfig => ({
  jwtSecret: env.jwtSecret,
  jwtExpiresIn: env.jwtExpiresIn,
  jwtExpiresInSeconds: env.jwtExpiresInSeconds,
  webhookToken: env.webhookToken,
  adminUsername: env.adminUsername,
  adminPassword: env.adminPassword,
}));
