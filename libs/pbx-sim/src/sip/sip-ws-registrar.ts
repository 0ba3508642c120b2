import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import {
  getHeader,
  getHeaderValues,
  parseSipMessage,
  serializeSipMessage,
  SipMessage,
  SipRequest,
  SipResponse,
} from './sip-message.codec';
import {
  buildResponse,
  newBranch,
  newCallId,
  newTag,
  SIM_ALLOW,
  SIM_USER_AGENT,
} from './sip-message.factory';
import { parseCSeq, parseDigestCredentials, parseNameAddr, parseSipUri, parseVia } from './sip-header.parser';
import {
  createDigestChallenge,
  formatDigestChallenge,
  isDigestResponseValid,
  toDigestCredentials,
} from './sip-digest.auth';
import { SipOutboundCall } from './sip-outbound-call';
import type {
  SipAuthAttempt,
  SipCallHandle,
  SipCallObserver,
  SipContact,
  SipContactRemovalCause,
  SipEndpointFault,
  SipInviteRequest,
  SipRegistrarListener,
  SipRegistrarPort,
} from './sip-registrar.port';

export interface SipEndpointCredentials {
  name: string;
  password: string;
}

export interface SipRegistrarLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface SipWsRegistrarOptions {
  endpoints: SipEndpointCredentials[];
  listener: SipRegistrarListener;
  /** Digest realm; Asterisk's default is `asterisk`. */
  realm?: string;
  /** 0 disables qualify (contacts stay NonQualified). Asterisk lab value: 10 s. */
  qualifyFrequencyMs?: number;
  qualifyTimeoutMs?: number;
  minimumExpirationSec?: number;
  maximumExpirationSec?: number;
  defaultExpirationSec?: number;
  /** Epoch milliseconds; drives `expiresAt` and the Date header. */
  now?: () => number;
  logger?: SipRegistrarLogger;
}

export interface SipWsListenOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  path?: string;
}

interface SipConnection {
  readonly id: number;
  readonly socket: WebSocket;
  readonly remoteIp: string;
  readonly remotePort: number;
  /** `IPV4/WS/127.0.0.1/40123`, as Asterisk's security events print addresses. */
  readonly remoteLabel: string;
  open: boolean;
}

interface SipBinding {
  contact: SipContact;
  /** The Contact URI exactly as the phone registered it; requests to the phone go there. */
  registeredUri: string;
  connection: SipConnection;
  expiryTimer: NodeJS.Timeout | undefined;
  qualifyTimer: NodeJS.Timeout | undefined;
  reachability: 'unknown' | 'reachable' | 'unreachable';
}

interface PendingQualify {
  binding: SipBinding;
  sentAt: bigint;
  timeout: NodeJS.Timeout;
}

const SIP_SUBPROTOCOL = 'sip';
// Asterisk's nonces are stateless and reusable for nonce_lifetime (32 s by default). SIP.js re-sends its last
// Authorization on the next REGISTER (refresh, unregister), which then succeeds without a new ChallengeSent.
const NONCE_LIFETIME_MS = 32_000;
// RFC 3261 section 10.2.1.1: REGISTER without Expires anywhere gets the registrar's default.
const DEFAULTS = {
  realm: 'asterisk',
  qualifyFrequencyMs: 10_000,
  qualifyTimeoutMs: 3_000,
  minimumExpirationSec: 15,
  maximumExpirationSec: 7200,
  defaultExpirationSec: 3600,
};

const SILENT_LOGGER: SipRegistrarLogger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

// Methods a phone may legitimately send that this simulator does not serve (405 + Allow); anything else is 501.
const KNOWN_METHODS = new Set([
  'INVITE',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'UPDATE',
  'PRACK',
  'INFO',
  'MESSAGE',
  'REFER',
]);

/**
 * A SIP registrar and minimal UAC over WebSocket (RFC 7118), behaving like Asterisk 22's res_pjsip for
 * `webrtc=yes` endpoints with max_contacts=1 and remove_existing=yes.
 */
export class SipWsRegistrar implements SipRegistrarPort {
  private server: WebSocketServer | undefined;
  private localPort = 0;
  private localIp = '127.0.0.1';
  private nextConnectionId = 1;
  private readonly connections = new Set<SipConnection>();
  private readonly credentials: Map<string, SipEndpointCredentials>;
  private readonly bindings = new Map<string, SipBinding>();
  private readonly nonces = new Map<string, number>();
  private readonly pendingQualifies = new Map<string, PendingQualify>();
  private readonly calls = new Map<string, { call: SipOutboundCall; connection: SipConnection }>();
  private readonly faults = new Map<string, 'unregister' | 'unreachable'>();
  private readonly settings: typeof DEFAULTS;
  private readonly now: () => number;
  private readonly logger: SipRegistrarLogger;
  private readonly listener: SipRegistrarListener;

  constructor(options: SipWsRegistrarOptions) {
    this.credentials = new Map(options.endpoints.map((endpoint) => [endpoint.name, endpoint]));
    this.listener = options.listener;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.settings = {
      realm: options.realm ?? DEFAULTS.realm,
      qualifyFrequencyMs: options.qualifyFrequencyMs ?? DEFAULTS.qualifyFrequencyMs,
      qualifyTimeoutMs: options.qualifyTimeoutMs ?? DEFAULTS.qualifyTimeoutMs,
      minimumExpirationSec: options.minimumExpirationSec ?? DEFAULTS.minimumExpirationSec,
      maximumExpirationSec: options.maximumExpirationSec ?? DEFAULTS.maximumExpirationSec,
      defaultExpirationSec: options.defaultExpirationSec ?? DEFAULTS.defaultExpirationSec,
    };
  }

  /** Resolves with the bound port. */
  start(options: SipWsListenOptions): Promise<number> {
    if (this.server) {
      return Promise.reject(new Error('SipWsRegistrar already started'));
    }
    const host = options.host ?? '127.0.0.1';
    const server = new WebSocketServer({
      host,
      port: options.port,
      path: options.path ?? '/ws',
      // Asterisk's res_http_websocket only upgrades when the client offers the `sip` subprotocol.
      handleProtocols: (protocols) => (protocols.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false),
      verifyClient: (info: { req: IncomingMessage }) =>
        (info.req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .some((protocol) => protocol.trim() === SIP_SUBPROTOCOL),
    });
    this.server = server;
    server.on('connection', (socket, request) => this.onConnection(socket, request));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        server.on('error', (error) => this.logger.error('SIP WebSocket server error', error));
        const address = server.address() as AddressInfo;
        this.localPort = address.port;
        this.localIp = address.address;
        this.logger.debug(`SIP WebSocket registrar listening on ${address.address}:${address.port}`);
        resolve(address.port);
      });
    });
  }

  /** Closes every socket without reporting removals: the simulator is going away, not the phones. */
  async stop(): Promise<void> {
    for (const binding of this.bindings.values()) {
      this.clearBindingTimers(binding);
    }
    this.bindings.clear();
    for (const pending of this.pendingQualifies.values()) {
      clearTimeout(pending.timeout);
    }
    this.pendingQualifies.clear();
    this.calls.clear();
    for (const connection of this.connections) {
      connection.open = false;
      connection.socket.terminate();
    }
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  get port(): number {
    return this.localPort;
  }

  hasContact(endpoint: string): boolean {
    return this.bindings.has(endpoint);
  }

  contacts(): SipContact[] {
    return [...this.bindings.values()].map((binding) => ({ ...binding.contact }));
  }

  /** A simulated network fault: the phone keeps its WebSocket, but what it sends is lost. */
  setEndpointFault(endpoint: string, fault: SipEndpointFault): void {
    const binding = this.bindings.get(endpoint);
    if (fault === null) {
      this.faults.delete(endpoint);
      // Asterisk finds the contact alive again at the next qualify; do it now rather than in up to 10 s.
      if (binding && binding.reachability === 'unreachable') this.sendQualify(binding);
      return;
    }
    this.faults.set(endpoint, fault);
    if (!binding) return;
    if (fault === 'unreachable') this.setReachability(binding, 'unreachable', 0);
    else this.removeBinding(binding, 'unregister');
  }

  invite(request: SipInviteRequest, observer: SipCallObserver): SipCallHandle {
    const binding = this.bindings.get(request.endpoint);
    if (!binding || !binding.connection.open) {
      const callId = newCallId();
      // Async like a real call attempt, so callers can keep the handle before `ended` fires.
      setImmediate(() => this.safely('ended', () => observer.ended('no-contact')));
      return { callId, hangup: () => undefined };
    }
    const connection = binding.connection;
    const call: SipOutboundCall = new SipOutboundCall(
      request,
      {
        targetUri: binding.registeredUri,
        localHostPort: this.localHostPort(),
        localAddress: this.localIp,
        send: (message) => this.send(connection, message),
      },
      {
        ringing: () => this.safely('ringing', () => observer.ringing()),
        answered: () => this.safely('answered', () => observer.answered()),
        ended: (reason) => this.safely('ended', () => observer.ended(reason)),
      },
    );
    this.calls.set(call.callId, { call, connection });
    this.logger.debug(`[${call.callId}] INVITE to ${request.endpoint} from ${request.callerNumber}`);
    call.start();
    return {
      callId: call.callId,
      hangup: () => {
        call.hangup();
        this.forgetCallIfDone(call);
      },
    };
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const remoteIp = normalizeIp(request.socket.remoteAddress ?? '127.0.0.1');
    const remotePort = request.socket.remotePort ?? 0;
    const connection: SipConnection = {
      id: this.nextConnectionId++,
      socket,
      remoteIp,
      remotePort,
      remoteLabel: `${ipFamily(remoteIp)}/WS/${remoteIp}/${remotePort}`,
      open: true,
    };
    this.connections.add(connection);
    this.logger.debug(`[ws ${connection.id}] connected from ${remoteIp}:${remotePort}`);
    // RFC 7118 allows text and binary frames; both carry UTF-8 SIP text.
    socket.on('message', (data) => this.onText(connection, rawDataToText(data)));
    socket.on('close', () => this.onClose(connection));
    socket.on('error', (error) => this.logger.warn(`[ws ${connection.id}] socket error: ${error.message}`));
  }

  private onText(connection: SipConnection, text: string): void {
    // RFC 7118 keep-alives are bare CRLFs.
    if (/^(\r\n)*$/.test(text)) {
      return;
    }
    let message: SipMessage;
    try {
      message = parseSipMessage(text);
    } catch (error) {
      this.logger.warn(`[ws ${connection.id}] unparsable SIP message dropped: ${(error as Error).message}`);
      return;
    }
    try {
      if (message.kind === 'request') {
        this.onRequest(connection, message);
      } else {
        this.onResponse(message);
      }
    } catch (error) {
      this.logger.error(`[ws ${connection.id}] failed to handle SIP message`, error);
      if (message.kind === 'request' && message.method !== 'ACK') {
        this.send(connection, buildResponse(message, 500));
      }
    }
  }

  private onRequest(connection: SipConnection, request: SipRequest): void {
    this.logger.debug(`[${getHeader(request, 'Call-ID')}] received ${request.method}`);
    switch (request.method) {
      case 'REGISTER':
        this.onRegister(connection, request);
        return;
      case 'OPTIONS':
        this.send(
          connection,
          buildResponse(request, 200, {
            headers: [
              { name: 'Allow', value: SIM_ALLOW },
              { name: 'Accept', value: 'application/sdp' },
              { name: 'Supported', value: 'path, outbound' },
            ],
          }),
        );
        return;
      case 'BYE':
        this.onBye(connection, request);
        return;
      case 'ACK':
        return;
      case 'CANCEL':
        this.send(connection, buildResponse(request, 481));
        return;
      default:
        this.send(
          connection,
          KNOWN_METHODS.has(request.method)
            ? buildResponse(request, 405, {
                headers: [{ name: 'Allow', value: 'OPTIONS, REGISTER, ACK, BYE' }],
              })
            : buildResponse(request, 501),
        );
    }
  }

  private onResponse(response: SipResponse): void {
    const topVia = getHeaderValues(response, 'Via')[0];
    const branch = topVia ? parseVia(topVia).params['branch'] : undefined;
    const pending = branch ? this.pendingQualifies.get(branch) : undefined;
    if (branch && pending) {
      this.onQualifyAnswered(branch, pending);
      return;
    }
    const callId = getHeader(response, 'Call-ID');
    const entry = callId ? this.calls.get(callId) : undefined;
    if (entry) {
      entry.call.handleResponse(response);
      this.forgetCallIfDone(entry.call);
      return;
    }
    this.logger.debug(`[${callId}] stray ${response.status} response ignored`);
  }

  private onBye(connection: SipConnection, request: SipRequest): void {
    const callId = getHeader(request, 'Call-ID') ?? '';
    const entry = this.calls.get(callId);
    this.send(connection, entry ? entry.call.handleBye(request) : buildResponse(request, 481));
    if (entry) {
      this.forgetCallIfDone(entry.call);
    }
  }

  private forgetCallIfDone(call: SipOutboundCall): void {
    if (call.isDone) {
      this.calls.delete(call.callId);
    }
  }

  private onRegister(connection: SipConnection, request: SipRequest): void {
    const aorUser = parseSipUri(parseNameAddr(getHeader(request, 'To') ?? '').uri).user;
    const callId = getHeader(request, 'Call-ID') ?? '';
    const credentials = this.credentials.get(aorUser);
    if (this.faults.has(aorUser)) {
      this.logger.debug(
        `[${callId}] REGISTER of ${aorUser} lost: simulated ${this.faults.get(aorUser)} fault`,
      );
      return;
    }
    if (!credentials) {
      this.logger.warn(`[${callId}] REGISTER for unknown endpoint '${aorUser}'`);
      this.send(connection, buildResponse(request, 404));
      return;
    }
    const attempt: SipAuthAttempt = {
      endpoint: aorUser,
      callId,
      remoteAddress: connection.remoteLabel,
      localAddress: `${ipFamily(this.localIp)}/WS/${this.localIp}/${this.localPort}`,
    };
    const authorization = getHeader(request, 'Authorization');
    const digest = authorization ? toDigestCredentials(parseDigestCredentials(authorization) ?? {}) : null;
    this.pruneNonces();
    if (!digest || !this.nonces.has(digest.nonce)) {
      this.sendChallenge(connection, request, digest !== null);
      this.safely('challengeSent', () => this.listener.challengeSent(attempt));
      return;
    }
    const valid =
      digest.username === credentials.name &&
      digest.realm === this.settings.realm &&
      isDigestResponseValid(digest, 'REGISTER', credentials.password);
    if (!valid) {
      this.logger.warn(`[${callId}] digest authentication failed for ${aorUser}`);
      this.safely('authFailed', () => this.listener.authFailed(attempt));
      // Like Asterisk: challenge again rather than 403, so a phone with fixed credentials can retry.
      this.sendChallenge(connection, request);
      return;
    }
    this.safely('authSucceeded', () => this.listener.authSucceeded(attempt));
    this.applyRegistration(connection, request, aorUser);
  }

  private sendChallenge(connection: SipConnection, request: SipRequest, stale = false): void {
    const challenge = createDigestChallenge(this.settings.realm);
    this.nonces.set(challenge.nonce, this.now() + NONCE_LIFETIME_MS);
    const value = formatDigestChallenge(challenge) + (stale ? ',stale=true' : '');
    this.send(connection, buildResponse(request, 401, { headers: [{ name: 'WWW-Authenticate', value }] }));
  }

  private applyRegistration(connection: SipConnection, request: SipRequest, endpoint: string): void {
    const contactValues = getHeaderValues(request, 'Contact');
    const expiresHeader = getHeader(request, 'Expires');
    const existing = this.bindings.get(endpoint);
    if (contactValues.length === 0) {
      // A query: RFC 3261 section 10.2.3.
      this.send(connection, this.registerOk(request, existing));
      return;
    }
    if (contactValues[0] === '*') {
      if (existing) {
        this.removeBinding(existing, 'unregister');
      }
      this.send(connection, this.registerOk(request, undefined));
      return;
    }
    // max_contacts=1: only the first Contact counts.
    const contact = parseNameAddr(contactValues[0]);
    const requested = Number(
      contact.params['expires'] ?? expiresHeader ?? this.settings.defaultExpirationSec,
    );
    if (!Number.isFinite(requested) || requested < 0) {
      this.send(connection, buildResponse(request, 400));
      return;
    }
    if (requested === 0) {
      if (existing && existing.registeredUri === contact.uri) {
        this.removeBinding(existing, 'unregister');
      }
      this.send(connection, this.registerOk(request, undefined));
      return;
    }
    if (requested < this.settings.minimumExpirationSec) {
      this.send(
        connection,
        buildResponse(request, 423, {
          headers: [{ name: 'Min-Expires', value: String(this.settings.minimumExpirationSec) }],
        }),
      );
      return;
    }
    const expires = Math.min(Math.floor(requested), this.settings.maximumExpirationSec);
    const expiresAt = Math.floor(this.now() / 1000) + expires;
    const callId = getHeader(request, 'Call-ID') ?? '';
    if (existing && existing.registeredUri === contact.uri && existing.connection === connection) {
      existing.contact.expiresAt = expiresAt;
      existing.contact.callId = callId;
      this.armExpiry(existing, expires);
      this.send(connection, this.registerOk(request, existing, expires));
      return;
    }
    if (existing) {
      // remove_existing=yes: Asterisk deletes the old contact (ContactStatus Removed) to make room.
      this.removeBinding(existing, 'unregister');
    }
    const binding = this.createBinding(connection, request, endpoint, contact.uri, expiresAt);
    this.armExpiry(binding, expires);
    this.send(connection, this.registerOk(request, binding, expires));
    this.safely('contactAdded', () => this.listener.contactAdded({ ...binding.contact }));
    this.startQualify(binding);
  }

  private createBinding(
    connection: SipConnection,
    request: SipRequest,
    endpoint: string,
    registeredUri: string,
    expiresAt: number,
  ): SipBinding {
    const binding: SipBinding = {
      contact: {
        endpoint,
        uri: asteriskContactUri(registeredUri, connection),
        userAgent: getHeader(request, 'User-Agent') ?? '',
        viaAddr: connection.remoteIp,
        viaPort: connection.remotePort,
        callId: getHeader(request, 'Call-ID') ?? '',
        expiresAt,
      },
      registeredUri,
      connection,
      expiryTimer: undefined,
      qualifyTimer: undefined,
      reachability: 'unknown',
    };
    this.bindings.set(endpoint, binding);
    return binding;
  }

  private registerOk(request: SipRequest, binding: SipBinding | undefined, expires?: number): SipResponse {
    const headers = binding
      ? [
          {
            name: 'Contact',
            value: `<${binding.registeredUri}>;expires=${expires ?? remainingSec(binding, this.now())}`,
          },
        ]
      : [];
    headers.push({ name: 'Date', value: new Date(this.now()).toUTCString() });
    return buildResponse(request, 200, { headers });
  }

  private armExpiry(binding: SipBinding, expiresSec: number): void {
    clearTimeout(binding.expiryTimer);
    binding.expiryTimer = setTimeout(() => {
      if (this.bindings.get(binding.contact.endpoint) === binding) {
        this.removeBinding(binding, 'expired');
      }
    }, expiresSec * 1000);
    binding.expiryTimer.unref?.();
  }

  private removeBinding(binding: SipBinding, cause: SipContactRemovalCause): void {
    if (this.bindings.get(binding.contact.endpoint) !== binding) {
      return;
    }
    this.bindings.delete(binding.contact.endpoint);
    this.clearBindingTimers(binding);
    for (const [branch, pending] of this.pendingQualifies) {
      if (pending.binding === binding) {
        clearTimeout(pending.timeout);
        this.pendingQualifies.delete(branch);
      }
    }
    this.logger.debug(`contact ${binding.contact.uri} of ${binding.contact.endpoint} removed (${cause})`);
    this.safely('contactRemoved', () => this.listener.contactRemoved({ ...binding.contact }, cause));
  }

  private clearBindingTimers(binding: SipBinding): void {
    clearTimeout(binding.expiryTimer);
    if (binding.qualifyTimer) {
      clearInterval(binding.qualifyTimer);
      binding.qualifyTimer = undefined;
    }
  }

  private startQualify(binding: SipBinding): void {
    if (this.settings.qualifyFrequencyMs <= 0) {
      return;
    }
    // Asterisk qualifies a new contact at once, then every qualify_frequency.
    this.sendQualify(binding);
    binding.qualifyTimer = setInterval(() => this.sendQualify(binding), this.settings.qualifyFrequencyMs);
    binding.qualifyTimer.unref?.();
  }

  private sendQualify(binding: SipBinding): void {
    if (this.bindings.get(binding.contact.endpoint) !== binding) {
      return;
    }
    const branch = newBranch();
    const timeout = setTimeout(() => {
      this.pendingQualifies.delete(branch);
      this.setReachability(binding, 'unreachable', 0);
    }, this.settings.qualifyTimeoutMs);
    timeout.unref?.();
    this.pendingQualifies.set(branch, { binding, sentAt: process.hrtime.bigint(), timeout });
    this.send(binding.connection, {
      kind: 'request',
      method: 'OPTIONS',
      uri: binding.registeredUri,
      headers: [
        { name: 'Via', value: `SIP/2.0/WS ${this.localHostPort()};rport;branch=${branch}` },
        { name: 'From', value: `<sip:${binding.contact.endpoint}@${this.localIp}>;tag=${newTag()}` },
        { name: 'To', value: `<${binding.registeredUri}>` },
        { name: 'Contact', value: `<sip:${binding.contact.endpoint}@${this.localHostPort()};transport=ws>` },
        { name: 'Call-ID', value: newCallId() },
        { name: 'CSeq', value: `${Math.floor(Math.random() * 60000) + 1} OPTIONS` },
        { name: 'Max-Forwards', value: '70' },
        { name: 'User-Agent', value: SIM_USER_AGENT },
      ],
      body: '',
    });
  }

  private onQualifyAnswered(branch: string, pending: PendingQualify): void {
    // the answer of a phone under a simulated fault is lost: its qualify times out
    if (this.faults.has(pending.binding.contact.endpoint)) return;
    clearTimeout(pending.timeout);
    this.pendingQualifies.delete(branch);
    const roundtripUsec = Number((process.hrtime.bigint() - pending.sentAt) / 1000n);
    // Any final answer proves the contact is alive, as in Asterisk (even a 404).
    this.setReachability(pending.binding, 'reachable', Math.max(roundtripUsec, 1));
  }

  private setReachability(
    binding: SipBinding,
    next: 'reachable' | 'unreachable',
    roundtripUsec: number,
  ): void {
    if (this.bindings.get(binding.contact.endpoint) !== binding || binding.reachability === next) {
      return;
    }
    binding.reachability = next;
    const contact = { ...binding.contact };
    if (next === 'reachable') {
      this.safely('contactReachable', () => this.listener.contactReachable(contact, roundtripUsec));
    } else {
      this.safely('contactUnreachable', () => this.listener.contactUnreachable(contact));
    }
  }

  private onClose(connection: SipConnection): void {
    if (!connection.open) {
      return;
    }
    connection.open = false;
    this.connections.delete(connection);
    this.logger.debug(`[ws ${connection.id}] closed`);
    // Asterisk 22 drops a WS contact as soon as its transport goes away (ContactStatus Removed at once).
    for (const binding of [...this.bindings.values()]) {
      if (binding.connection === connection) {
        this.removeBinding(binding, 'transport-closed');
      }
    }
    for (const entry of [...this.calls.values()]) {
      if (entry.connection === connection) {
        entry.call.transportClosed();
        this.calls.delete(entry.call.callId);
      }
    }
  }

  private send(connection: SipConnection, message: SipMessage): void {
    if (!connection.open || connection.socket.readyState !== WebSocket.OPEN) {
      this.logger.debug(`[ws ${connection.id}] not open, ${describe(message)} dropped`);
      return;
    }
    connection.socket.send(serializeSipMessage(message));
  }

  private localHostPort(): string {
    return `${this.localIp}:${this.localPort}`;
  }

  private pruneNonces(): void {
    const now = this.now();
    for (const [nonce, expiresAt] of this.nonces) {
      if (expiresAt < now) {
        this.nonces.delete(nonce);
      }
    }
  }

  // A throwing listener must not break the SIP exchange that triggered it.
  private safely(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.logger.error(`SIP registrar listener '${what}' threw`, error);
    }
  }
}

/**
 * Asterisk rewrites a WS contact to the socket's source address and keeps the original host in
 * `x-ast-orig-host` (port 0 when the phone gave none), e.g.
 * `sip:k3j2@127.0.0.1:40123;transport=WS;x-ast-orig-host=abcd.invalid:0`.
 */
export function asteriskContactUri(
  registeredUri: string,
  source: { remoteIp: string; remotePort: number },
): string {
  const uri = parseSipUri(registeredUri);
  const user = uri.user ? `${uri.user}@` : '';
  return `sip:${user}${source.remoteIp}:${source.remotePort};transport=WS;x-ast-orig-host=${uri.host}:${uri.port ?? 0}`;
}

function remainingSec(binding: SipBinding, nowMs: number): number {
  return Math.max(0, binding.contact.expiresAt - Math.floor(nowMs / 1000));
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function ipFamily(address: string): 'IPV4' | 'IPV6' {
  return address.includes(':') ? 'IPV6' : 'IPV4';
}

function describe(message: SipMessage): string {
  return message.kind === 'request'
    ? message.method
    : `${message.status} (${parseCSeq(getHeader(message, 'CSeq') ?? '0 ?').method})`;
}
