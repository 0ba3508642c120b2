import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { SipWebSocketSource } from '../config/http.config';

// `localhost`, `10.0.0.5`, `pbx.example.com`, `[::1]`: a Host header we can put in a policy as is.
const PLAIN_HOSTNAME = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$/;

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined) {
    return undefined;
  }
  const hostname = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.split(':')[0];
  return PLAIN_HOSTNAME.test(hostname) ? hostname : undefined;
}

/**
 * The connect-src sources for the SIP WebSocket. The embedded simulator listens on the back end's host,
 * which only the request knows (the page is served from it); a real Asterisk has a fixed origin.
 */
export function sipWebSocketSources(source: SipWebSocketSource, hostHeader: string | undefined): string[] {
  if (source.kind === 'origin') {
    return [source.origin];
  }
  const hostname = hostnameOf(hostHeader);
  if (hostname === undefined) {
    return [];
  }
  const port = source.port === 0 ? '*' : String(source.port);
  return [`ws://${hostname}:${port}`, `wss://${hostname}:${port}`];
}

/**
 * Security headers on every response. The policy allows scripts from our origin only (no inline script),
 * connections to our origin and the SIP WebSocket, and no framing. Inline styles stay allowed: Angular
 * adds component styles as <style> elements, and the Swagger UI page has one.
 */
export function securityHeaders(sipWebSocket: SipWebSocketSource): RequestHandler {
  const sipSources = (req: IncomingMessage) => sipWebSocketSources(sipWebSocket, req.headers.host).join(' ');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The ringtone and recorded prompts may be generated in the page.
        mediaSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", sipSources],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
