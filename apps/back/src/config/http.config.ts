import { defineConfigSlice } from './config-slice';

/** Where browsers open the SIP WebSocket, for the Content-Security-Policy's connect-src. */
export type SipWebSocketSource =
  | { readonly kind: 'origin'; readonly origin: string }
  // The embedded simulator listens on the back end's own host; 0 = an ephemeral port (tests).
  | { readonly kind: 'simulator'; readonly port: number };

export interface HttpConfig {
  /** Largest request body accepted; larger ones get 413. */
  bodyLimitBytes: number;
  sipWebSocket: SipWebSocketSource;
}

// Asterisk's built-in HTTP server (http.conf) serves SIP over WebSocket on 8088, path /ws.
const ASTERISK_DEFAULT_SIP_WS_PORT = 8088;

function sipWebSocketSource(
  sipWsUrl: string | null,
  amiHost: string | null,
  simulatorPort: number,
): SipWebSocketSource {
  if (sipWsUrl !== null) {
    return { kind: 'origin', origin: new URL(sipWsUrl).origin };
  }
  if (amiHost !== null) {
    return { kind: 'origin', origin: new URL(`ws://${amiHost}:${ASTERISK_DEFAULT_SIP_WS_PORT}`).origin };
  }
  return { kind: 'simulator', port: simulatorPort };
}

export const httpConfig = defineConfigSlice('http', (env): HttpConfig => ({
  bodyLimitBytes: env.httpBodyLimitBytes,
  sipWebSocket: sipWebSocketSource(env.sipWsUrl, env.amiHost, env.pbxSimSipWsPort),
}));
