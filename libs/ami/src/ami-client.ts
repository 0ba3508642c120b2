import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import { isEmptyListAnswer } from './actions/ami-actions';
import { AMI_PARSER_LIMITS, AmiFrameParser, type AmiDiscard } from './ami-frame.parser';
import { serializeAmi } from './ami-frame.serializer';
import type { AmiMessage, AmiOutgoingFields } from './ami-message';
import {
  AmiActionError,
  AmiAuthenticationError,
  AmiConnectionClosedError,
  AmiTimeoutError,
} from './ami-client.errors';

export interface AmiLogger {
  debug(message: string, ...meta: unknown[]): void;
  info(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

export interface AmiReconnectOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
}

export interface AmiClientOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  /** Login `Events:` mask. */
  readonly events?: string;
  readonly connectTimeoutMs?: number;
  readonly actionTimeoutMs?: number;
  readonly pingIntervalMs?: number;
  /** A Ping unanswered, with no byte at all received, for this long means the socket is stalled. */
  readonly pingTimeoutMs?: number;
  readonly reconnect?: Partial<AmiReconnectOptions>;
  /**
   * Longest line and largest message accepted (AMI_PARSER_LIMITS by default). Anything over is dropped
   * and the connection is reset, so that the reconnect rebuilds the state from list actions.
   */
  readonly maxLineLength?: number;
  readonly maxMessageSize?: number;
  /** At most one warning per this many ms about garbage lines and unmatched messages (counted always). */
  readonly garbageWarnIntervalMs?: number;
  /** Write each connection's received bytes to `<recordDir>/ami-<ISO time>-<seq>.ami`. */
  readonly recordDir?: string;
  readonly logger?: AmiLogger;
  readonly now?: () => number;
  /** In [0, 1); drives the reconnect jitter. */
  readonly random?: () => number;
}

export type AmiClientStatus = 'connecting' | 'connected' | 'disconnected' | 'stopped';

export interface AmiActionResult {
  /**
   * `Response: Success`, or the `Response: Error` with which Asterisk answers some lists when there is
   * nothing to list (isEmptyListAnswer); `events` is then empty.
   */
  readonly response: AmiMessage;
  /** For event-list actions: every event of the list, the closing `EventList: Complete` event last. */
  readonly events: readonly AmiMessage[];
}

export interface AmiActionOptions {
  readonly timeoutMs?: number;
  /**
   * Called synchronously when the `Response:` line arrives, before any later message is dispatched.
   * It marks the action's point in the event stream: events delivered before it happened before
   * Asterisk produced the answer (state rebuilds cut the stream there).
   */
  readonly onResponse?: (response: AmiMessage) => void;
}

export interface AmiConnectedInfo {
  readonly banner: string;
  readonly connectionSeq: number;
}

export interface AmiClientStats {
  readonly eventsReceived: number;
  readonly bytesReceived: number;
  readonly reconnects: number;
  readonly actionsSent: number;
  readonly actionTimeouts: number;
  readonly lastConnectedAt: number | null;
  readonly pendingActions: number;
  /** Lines over maxLineLength, dropped (each also reset the connection). */
  readonly oversizedLines: number;
  /** Messages over maxMessageSize, dropped (each also reset the connection). */
  readonly oversizedMessages: number;
  /** Lines that were not `Name: value` (binary, stray text), dropped. */
  readonly garbageLines: number;
  /** Messages with neither an Event nor a Response with an ActionID, dropped. */
  readonly unmatchedMessages: number;
  /** Connections the client reset because of oversized input. */
  readonly inputResets: number;
}

/**
 * Input the client dropped: what the parser dropped (AmiDiscardReason) or a message that was neither an
 * event nor an answer (`unmatched-message`). `connectionReset` says whether the client reset the
 * connection for it (oversized input: the state must be rebuilt from scratch).
 */
export interface AmiInputDiscard {
  readonly reason: AmiDiscard['reason'] | 'unmatched-message';
  /** Characters of the dropped line or message (as far as seen, for a line still going on). */
  readonly length: number;
  readonly connectionReset: boolean;
}

export type AmiUnsubscribe = () => void;

export const AMI_CLIENT_DEFAULTS = {
  events: 'system,call,agent',
  connectTimeoutMs: 5000,
  actionTimeoutMs: 10000,
  pingIntervalMs: 5000,
  pingTimeoutMs: 5000,
  reconnect: { initialDelayMs: 500, maxDelayMs: 30000, multiplier: 2 },
  maxLineLength: AMI_PARSER_LIMITS.maxLineLength,
  maxMessageSize: AMI_PARSER_LIMITS.maxMessageSize,
  garbageWarnIntervalMs: 10_000,
} as const;

const LOGOFF_TIMEOUT_MS = 2000;
// Enough to swallow the tail of lists whose action timed out, small enough to stay bounded.
const MAX_EXPIRED_IDS = 1024;

interface PendingAction {
  readonly actionId: string;
  readonly action: string;
  readonly resolve: (result: AmiActionResult) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  response: AmiMessage | null;
  readonly events: AmiMessage[];
  readonly onResponse: ((response: AmiMessage) => void) | undefined;
}

interface Connection {
  readonly seq: number;
  readonly socket: Socket;
  readonly parser: AmiFrameParser;
  readonly actionIdPrefix: string;
  readonly record: WriteStream | null;
  banner: string;
  loggedIn: boolean;
  lastDataAt: number;
  connectTimer: NodeJS.Timeout | null;
  pingTimer: NodeJS.Timeout | null;
  closed: boolean;
  // Set when the client gave up on this connection's input: nothing more of it is read.
  rejected: boolean;
}

const noopLogger: AmiLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

// Characters of a message as it was on the wire (`Name: value` CRLF per header), near enough for a log.
function messageLength(message: AmiMessage): number {
  let length = 0;
  for (const name of Object.keys(message)) length += name.length + message[name].length + 4;
  return length;
}

function isListStart(response: AmiMessage): boolean {
  return response['EventList']?.toLowerCase() === 'start';
}

function isListComplete(event: AmiMessage): boolean {
  return event['EventList']?.toLowerCase() === 'complete';
}

/**
 * Small typed AMI client on node:net. See docs/ami-client.md for why it exists instead of
 * the `asterisk-manager` package, and for the reconnect / timeout / event-list rules.
 */
export class AmiClient {
  private readonly opts: Required<Omit<AmiClientOptions, 'recordDir' | 'reconnect'>> & {
    readonly recordDir: string | undefined;
    readonly reconnect: AmiReconnectOptions;
  };
  private readonly log: AmiLogger;
  private readonly eventListeners = new Set<(event: AmiMessage) => void>();
  private readonly statusListeners = new Set<(status: AmiClientStatus) => void>();
  private readonly connectedListeners = new Set<(info: AmiConnectedInfo) => void>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private readonly discardListeners = new Set<(discard: AmiInputDiscard) => void>();
  private readonly pending = new Map<string, PendingAction>();
  // ActionIDs whose action timed out: their late answer (and list items) must not leak into the live stream.
  private readonly expiredIds = new Set<string>();
  private readonly drainingIds = new Set<string>();
  private readonly sessionId = randomBytes(4).toString('hex');
  private connection: Connection | null = null;
  private running = false;
  private connectionSeq = 0;
  private actionSeq = 0;
  private failedAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private currentStatus: AmiClientStatus = 'stopped';
  private counters = {
    eventsReceived: 0,
    bytesReceived: 0,
    reconnects: 0,
    actionsSent: 0,
    actionTimeouts: 0,
    lastConnectedAt: null as number | null,
    oversizedLines: 0,
    oversizedMessages: 0,
    garbageLines: 0,
    unmatchedMessages: 0,
    inputResets: 0,
  };
  // Garbage is warned about at most once per garbageWarnIntervalMs; what happened in between is summed.
  private lastGarbageWarnAt = Number.NEGATIVE_INFINITY;
  private garbageSinceWarn = 0;

  constructor(options: AmiClientOptions) {
    this.opts = {
      host: options.host,
      port: options.port,
      username: options.username,
      secret: options.secret,
      events: options.events ?? AMI_CLIENT_DEFAULTS.events,
      connectTimeoutMs: options.connectTimeoutMs ?? AMI_CLIENT_DEFAULTS.connectTimeoutMs,
      actionTimeoutMs: options.actionTimeoutMs ?? AMI_CLIENT_DEFAULTS.actionTimeoutMs,
      pingIntervalMs: options.pingIntervalMs ?? AMI_CLIENT_DEFAULTS.pingIntervalMs,
      pingTimeoutMs: options.pingTimeoutMs ?? AMI_CLIENT_DEFAULTS.pingTimeoutMs,
      maxLineLength: options.maxLineLength ?? AMI_CLIENT_DEFAULTS.maxLineLength,
      maxMessageSize: options.maxMessageSize ?? AMI_CLIENT_DEFAULTS.maxMessageSize,
      garbageWarnIntervalMs: options.garbageWarnIntervalMs ?? AMI_CLIENT_DEFAULTS.garbageWarnIntervalMs,
      reconnect: { ...AMI_CLIENT_DEFAULTS.reconnect, ...options.reconnect },
      recordDir: options.recordDir,
      logger: options.logger ?? noopLogger,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
    };
    this.log = this.opts.logger;
  }

  get status(): AmiClientStatus {
    return this.currentStatus;
  }

  get stats(): AmiClientStats {
    return { ...this.counters, pendingActions: this.pending.size };
  }

  onEvent(listener: (event: AmiMessage) => void): AmiUnsubscribe {
    return this.subscribe(this.eventListeners, listener);
  }

  onStatus(listener: (status: AmiClientStatus) => void): AmiUnsubscribe {
    return this.subscribe(this.statusListeners, listener);
  }

  /** Fired after each successful login: the place to (re)build state from list actions. */
  onConnected(listener: (info: AmiConnectedInfo) => void): AmiUnsubscribe {
    return this.subscribe(this.connectedListeners, listener);
  }

  /** Login refused, socket errors, stalls: the client keeps reconnecting after each. */
  onError(listener: (error: Error) => void): AmiUnsubscribe {
    return this.subscribe(this.errorListeners, listener);
  }

  /** Each piece of input dropped as hostile or broken (for a metric); `stats` has the totals. */
  onInputDiscarded(listener: (discard: AmiInputDiscard) => void): AmiUnsubscribe {
    return this.subscribe(this.discardListeners, listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failedAttempts = 0;
    this.connect();
  }

  /** Logoff when logged in, close the socket, no reconnect. Resolves once the recording is flushed. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    const connection = this.connection;
    if (connection !== null && !connection.closed) {
      if (connection.loggedIn) {
        try {
          await this.send(
            connection,
            { Action: 'Logoff' },
            Math.min(LOGOFF_TIMEOUT_MS, this.opts.actionTimeoutMs),
          );
        } catch (error) {
          this.log.debug(`[ami ${connection.actionIdPrefix}] Logoff not acknowledged: ${String(error)}`);
        }
      }
      // The server may have closed the socket while the Logoff was in flight: its 'close' has fired
      // already and would never fire again, so only wait for one that is still to come.
      if (!connection.socket.closed) {
        const closed = new Promise<void>((resolve) => connection.socket.once('close', () => resolve()));
        connection.socket.destroy();
        await closed;
      }
    }
    if (connection?.record) await this.finishRecording(connection.record);
    this.setStatus('stopped');
  }

  /**
   * Sends an action and resolves with its response, or, when the response opens an event list
   * (`EventList: start`), with the response plus every event of that list once `EventList: Complete` arrives.
   * A caller-supplied `ActionID` is kept (it must not collide with a pending one); otherwise a unique
   * `<session>-<connection>-<n>` id is used.
   */
  action(fields: AmiOutgoingFields, options: AmiActionOptions = {}): Promise<AmiActionResult> {
    const connection = this.connection;
    if (connection === null || connection.closed || !connection.loggedIn) {
      return Promise.reject(new AmiConnectionClosedError('AMI not connected'));
    }
    return this.send(connection, fields, options.timeoutMs ?? this.opts.actionTimeoutMs, options.onResponse);
  }

  private subscribe<T>(set: Set<T>, listener: T): AmiUnsubscribe {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private setStatus(status: AmiClientStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) this.safeCall(() => listener(status));
  }

  private emitError(error: Error): void {
    for (const listener of this.errorListeners) this.safeCall(() => listener(error));
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      // One faulty subscriber must not break the read loop or the other subscribers.
      this.log.error(`AMI listener threw: ${String(error)}`, error);
    }
  }

  private connect(): void {
    const seq = ++this.connectionSeq;
    if (seq > 1) this.counters.reconnects++;
    this.setStatus('connecting');
    const actionIdPrefix = `${this.sessionId}-${seq}`;
    const socket = createConnection({ host: this.opts.host, port: this.opts.port });
    socket.setNoDelay(true);
    const record = this.openRecording(seq);
    const connection: Connection = {
      seq,
      socket,
      actionIdPrefix,
      record,
      banner: '',
      loggedIn: false,
      lastDataAt: this.opts.now(),
      connectTimer: null,
      pingTimer: null,
      closed: false,
      rejected: false,
      parser: new AmiFrameParser({
        expectBanner: true,
        maxLineLength: this.opts.maxLineLength,
        maxMessageSize: this.opts.maxMessageSize,
        onBanner: (banner) => {
          connection.banner = banner;
        },
        onMessage: (message) => this.handleMessage(connection, message),
        onDiscard: (discard) => this.handleDiscard(connection, discard),
      }),
    };
    this.connection = connection;
    this.log.info(`[ami ${actionIdPrefix}] connecting to ${this.opts.host}:${this.opts.port}`);

    connection.connectTimer = setTimeout(() => {
      connection.connectTimer = null;
      this.log.warn(`[ami ${actionIdPrefix}] no login within ${this.opts.connectTimeoutMs} ms`);
      socket.destroy(new Error(`AMI connect timeout after ${this.opts.connectTimeoutMs} ms`));
    }, this.opts.connectTimeoutMs);

    socket.on('connect', () => this.login(connection));
    socket.on('data', (chunk: Buffer) => {
      this.counters.bytesReceived += chunk.length;
      connection.lastDataAt = this.opts.now();
      connection.record?.write(chunk);
      if (connection.rejected) return;
      try {
        connection.parser.push(chunk);
      } catch (error) {
        this.log.error(`[ami ${actionIdPrefix}] frame handling failed: ${String(error)}`, error);
      }
    });
    socket.on('error', (error) => {
      this.log.warn(`[ami ${actionIdPrefix}] socket error: ${error.message}`);
      this.emitError(error);
    });
    socket.on('close', () => this.handleClose(connection));
  }

  private login(connection: Connection): void {
    const fields = {
      Action: 'Login',
      Username: this.opts.username,
      Secret: this.opts.secret,
      Events: this.opts.events,
    };
    this.send(connection, fields, this.opts.connectTimeoutMs).then(
      () => {
        if (connection.closed) return;
        this.clearConnectTimer(connection);
        connection.loggedIn = true;
        this.failedAttempts = 0;
        this.counters.lastConnectedAt = this.opts.now();
        this.log.info(`[ami ${connection.actionIdPrefix}] logged in (${connection.banner})`);
        this.startPing(connection);
        this.setStatus('connected');
        const info: AmiConnectedInfo = { banner: connection.banner, connectionSeq: connection.seq };
        for (const listener of this.connectedListeners) this.safeCall(() => listener(info));
      },
      (error: Error) => {
        if (error instanceof AmiActionError) {
          const authError = new AmiAuthenticationError(error.response);
          this.log.error(`[ami ${connection.actionIdPrefix}] ${authError.message}`);
          this.emitError(authError);
        } else {
          this.log.warn(`[ami ${connection.actionIdPrefix}] login failed: ${error.message}`);
        }
        connection.socket.destroy();
      },
    );
  }

  private startPing(connection: Connection): void {
    connection.pingTimer = setInterval(() => {
      const sentAt = this.opts.now();
      this.send(connection, { Action: 'Ping' }, this.opts.pingTimeoutMs).catch((error: Error) => {
        // Any byte since the Ping proves the socket is alive (a busy Asterisk may answer late).
        if (error instanceof AmiTimeoutError && connection.lastDataAt <= sentAt && !connection.closed) {
          this.log.warn(
            `[ami ${connection.actionIdPrefix}] no data for ${this.opts.pingTimeoutMs} ms after Ping: stalled`,
          );
          this.emitError(new AmiConnectionClosedError('AMI connection stalled'));
          connection.socket.destroy();
        }
      });
    }, this.opts.pingIntervalMs);
  }

  private clearConnectTimer(connection: Connection): void {
    if (connection.connectTimer !== null) {
      clearTimeout(connection.connectTimer);
      connection.connectTimer = null;
    }
  }

  private send(
    connection: Connection,
    fields: AmiOutgoingFields,
    timeoutMs: number,
    onResponse?: (response: AmiMessage) => void,
  ): Promise<AmiActionResult> {
    const action = String(fields['Action'] ?? '');
    const given = fields['ActionID'];
    const actionId = typeof given === 'string' ? given : `${connection.actionIdPrefix}-${++this.actionSeq}`;
    if (this.pending.has(actionId)) {
      return Promise.reject(new Error(`ActionID ${actionId} is already pending`));
    }
    let payload: string;
    try {
      payload = serializeAmi({ ...fields, ActionID: actionId });
    } catch (error) {
      return Promise.reject(error);
    }
    if (connection.closed || connection.socket.destroyed || !connection.socket.writable) {
      return Promise.reject(new AmiConnectionClosedError(`AMI socket closed, ${action} not sent`));
    }
    return new Promise<AmiActionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.get(actionId) !== entry) return;
        this.pending.delete(actionId);
        this.rememberExpired(actionId);
        this.counters.actionTimeouts++;
        reject(new AmiTimeoutError(actionId, action, timeoutMs));
      }, timeoutMs);
      const entry: PendingAction = {
        actionId,
        action,
        resolve,
        reject,
        timer,
        response: null,
        events: [],
        onResponse,
      };
      this.pending.set(actionId, entry);
      this.counters.actionsSent++;
      connection.socket.write(payload, (error) => {
        if (error && this.pending.get(actionId) === entry) {
          this.settle(entry);
          reject(new AmiConnectionClosedError(`AMI write of ${action} failed: ${error.message}`));
        }
      });
    });
  }

  private settle(entry: PendingAction): void {
    clearTimeout(entry.timer);
    this.pending.delete(entry.actionId);
  }

  private rememberExpired(actionId: string): void {
    this.expiredIds.add(actionId);
    if (this.expiredIds.size > MAX_EXPIRED_IDS) {
      const oldest = this.expiredIds.values().next().value;
      if (oldest !== undefined) this.expiredIds.delete(oldest);
    }
  }

  private handleDiscard(connection: Connection, discard: AmiDiscard): void {
    if (connection.rejected) return;
    const prefix = `[ami ${connection.actionIdPrefix}]`;
    if (discard.reason === 'garbage-line') {
      this.counters.garbageLines++;
      this.noteGarbage(prefix, `a line that is not an AMI header (${discard.length} characters)`);
      this.emitDiscard({ ...discard, connectionReset: false });
      return;
    }
    if (discard.reason === 'line-too-long') this.counters.oversizedLines++;
    else this.counters.oversizedMessages++;
    const limit = discard.reason === 'line-too-long' ? this.opts.maxLineLength : this.opts.maxMessageSize;
    // Nothing after an oversized frame can be trusted to line up with what Asterisk meant: start over,
    // so that the reconnect rebuilds the state from list actions.
    this.log.warn(
      `${prefix} ${discard.reason} (over ${limit} characters, ${discard.length} seen): dropped, resetting the connection`,
    );
    connection.rejected = true;
    this.counters.inputResets++;
    this.emitDiscard({ ...discard, connectionReset: true });
    connection.socket.destroy();
  }

  private noteGarbage(prefix: string, what: string): void {
    this.garbageSinceWarn++;
    const now = this.opts.now();
    if (now - this.lastGarbageWarnAt < this.opts.garbageWarnIntervalMs) return;
    const count = this.garbageSinceWarn;
    this.garbageSinceWarn = 0;
    this.lastGarbageWarnAt = now;
    this.log.warn(
      `${prefix} dropped ${what}` +
        (count > 1 ? `; ${count} dropped lines or messages since the last warning` : '') +
        ` (garbage lines: ${this.counters.garbageLines}, unmatched messages: ${this.counters.unmatchedMessages})`,
    );
  }

  private emitDiscard(discard: AmiInputDiscard): void {
    for (const listener of this.discardListeners) this.safeCall(() => listener(discard));
  }

  private handleMessage(connection: Connection, message: AmiMessage): void {
    if (connection.closed || connection.rejected) return;
    const actionId = message['ActionID'];
    // OriginateResponse carries both Event and Response: the Event header decides.
    if (message['Event'] !== undefined) {
      this.counters.eventsReceived++;
      if (actionId !== undefined) {
        const entry = this.pending.get(actionId);
        if (entry !== undefined && entry.response !== null) {
          entry.events.push(message);
          if (isListComplete(message)) {
            this.settle(entry);
            entry.resolve({ response: entry.response, events: entry.events });
          }
          return;
        }
        if (this.drainingIds.has(actionId)) {
          if (isListComplete(message)) this.drainingIds.delete(actionId);
          return;
        }
      }
      for (const listener of this.eventListeners) this.safeCall(() => listener(message));
      return;
    }
    if (message['Response'] === undefined || actionId === undefined) {
      this.counters.unmatchedMessages++;
      this.noteGarbage(
        `[ami ${connection.actionIdPrefix}]`,
        'a message with neither Event nor Response and ActionID',
      );
      this.emitDiscard({
        reason: 'unmatched-message',
        length: messageLength(message),
        connectionReset: false,
      });
      return;
    }
    const entry = this.pending.get(actionId);
    if (entry === undefined || entry.response !== null) {
      if (this.expiredIds.delete(actionId) && isListStart(message)) this.drainingIds.add(actionId);
      this.log.debug(`[ami ${connection.actionIdPrefix}] response for unknown ActionID ${actionId} dropped`);
      return;
    }
    if (entry.onResponse) this.safeCall(() => entry.onResponse?.(message));
    if (message['Response'] === 'Error') {
      this.settle(entry);
      // Asterisk answers some lists with an error when there is nothing to list (PJSIPShowContacts on a PBX
      // where no phone is registered): that is an empty list, not a failure that should sink a rebuild.
      if (isEmptyListAnswer(entry.action, message)) entry.resolve({ response: message, events: [] });
      else entry.reject(new AmiActionError(message['Message'] ?? `${entry.action} failed`, message));
      return;
    }
    if (isListStart(message)) {
      entry.response = message;
      return;
    }
    this.settle(entry);
    entry.resolve({ response: message, events: [] });
  }

  private handleClose(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    this.clearConnectTimer(connection);
    if (connection.pingTimer !== null) clearInterval(connection.pingTimer);
    connection.pingTimer = null;
    connection.parser.reset();
    if (connection.record && this.running) void this.finishRecording(connection.record);
    const error = new AmiConnectionClosedError(`AMI connection ${connection.actionIdPrefix} closed`);
    for (const entry of [...this.pending.values()]) {
      this.settle(entry);
      entry.reject(error);
    }
    this.drainingIds.clear();
    this.expiredIds.clear();
    this.log.info(`[ami ${connection.actionIdPrefix}] connection closed`);
    if (!this.running) return;
    this.failedAttempts++;
    this.setStatus('disconnected');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const { initialDelayMs, maxDelayMs, multiplier } = this.opts.reconnect;
    const ceiling = Math.min(
      maxDelayMs,
      initialDelayMs * Math.pow(multiplier, Math.max(0, this.failedAttempts - 1)),
    );
    // Full jitter: many backends restarted together must not reconnect in lock step.
    const delay = Math.floor(this.opts.random() * ceiling);
    this.log.info(`AMI reconnect in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private openRecording(seq: number): WriteStream | null {
    const dir = this.opts.recordDir;
    if (dir === undefined) return null;
    try {
      mkdirSync(dir, { recursive: true });
      const stamp = new Date(this.opts.now()).toISOString().replace(/:/g, '-');
      const stream = createWriteStream(join(dir, `ami-${stamp}-${seq}.ami`));
      stream.on('error', (error) => this.log.error(`AMI recording failed: ${error.message}`, error));
      return stream;
    } catch (error) {
      this.log.error(`AMI recording disabled: ${String(error)}`, error);
      return null;
    }
  }

  private finishRecording(stream: WriteStream): Promise<void> {
    if (stream.closed) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('close', () => resolve());
      stream.once('error', () => resolve());
      stream.end();
    });
  }
}
