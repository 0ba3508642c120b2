import { defineConfigSlice } from './config-slice';

export interface SoftphoneConfig {
  /** Where browsers open SIP over WebSocket; null = the embedded simulator's, on loopback. */
  webSocketUrl: string | null;
  domain: string | null;
  /** Key that derives each endpoint's SIP password; null = the development passwords of asterisk/pjsip.conf. */
  passwordSecret: string | null;
  /** Development passwords are refused in production: a guessable SIP secret is toll fraud waiting to happen. */
  production: boolean;
  embeddedSimulator: boolean;
  simulatorSipWsPort: number;
  iceServerUrls: string[];
  registerExpiresSec: number;
}

export const softphoneConfig = defineConfigSlice('softphone', (env): SoftphoneConfig => ({
  webSocketUrl: env.sipWsUrl,
  domain: env.sipDomain,
  passwordSecret: env.sipPasswordSecret,
  production: env.nodeEnv === 'production',
  embeddedSimulator: env.amiHost === null,
  simulatorSipWsPort: env.pbxSimSipWsPort,
  iceServerUrls: env.sipIceServers,
  registerExpiresSec: env.sipRegisterExpiresSec,
}));
