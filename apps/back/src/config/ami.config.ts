import { defineConfigSlice } from './config-slice';

export interface AmiConfig {
  /** True when AMI_HOST is unset: the built-in PBX simulator runs in-process. */
  embeddedSimulator: boolean;
  host: string | null;
  port: number;
  username: string;
  secret: string;
  /** When set, every AMI frame in and out is appended to a transcript file in this directory. */
  recordDir: string | null;
  /** Time allowed for one action sent through the AMI action port (QueuePause, Originate...). */
  actionTimeoutMs: number;
  /** SIP-over-WebSocket port of the embedded simulator (path /ws), like Asterisk's 8088. */
  simulatorSipWsPort: number;
}

export const amiConfig = defineConfigSlice('ami', (env): AmiConfig => ({
  embeddedSimulator: env.amiHost === null,
  host: env.amiHost,
  port: env.amiPort,
  username: env.amiUser,
  secret: env.amiSecret,
  recordDir: env.amiRecordDir,
  simulatorSipWsPort: env.pbxSimSipWsPort,
  actionTimeoutMs: env.amiActionTimeoutMs,
}));
