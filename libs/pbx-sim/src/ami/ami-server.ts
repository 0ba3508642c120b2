import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { PbxModel } from '../model/pbx-model';
import { AmiFields, serializeAmiFields, toAmiAction } from './ami-wire';
import { handleAmiAction } from './ami-action.handlers';
import { AmiSession } from './ami-session';
import { parseEventMask, privilegeClasses } from './event-class';

export const AMI_BANNER = 'Asterisk Call Manager/11.0.0\r\n';

export interface AmiActionLogEntry {
  /** Simulated epoch ms. */
  time: number;
  realTime: number;
  session: number;
  action: string;
  fields: Record<string, string>;
}

export type ActionFaultMode = 'error' | 'timeout';

export interface AmiServerOptions {
  port: number;
  host?: string;
  user: string;
  secret: string;
}

export class AmiServer {
  readonly sessions = new Map<number, AmiSession>();
  readonly actionLog: AmiActionLogEntry[] = [];
  readonly actionFaults = new Map<string, { mode: ActionFaultMode; remaining: number }>();
  refuseLoginsUntil = 0;
  /** While the PBX restarts, connections are accepted and closed at once. */
  down = false;
  private server?: Server;
  private seq = 0;
  private unsubscribe?: () => void;

  constructor(
    public model: PbxModel,
    private readonly options: AmiServerOptions,
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get credentials(): { user: string; secret: string } {
    return { user: this.options.user, secret: this.options.secret };
  }

  async start(): Promise<void> {
    this.attach(this.model);
    const server = createServer((socket) => this.onConnection(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
  }

  /** Point the server at a (new) model, e.g. after a simulated restart. */
  attach(model: PbxModel): void {
    this.unsubscribe?.();
    this.model = model;
    this.unsubscribe = model.onEvent((fields) => this.broadcast(fields));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const s of this.sessions.values()) s.socket.destroy();
    this.sessions.clear();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** True when some client's socket buffer is full (the flood generator waits for it). */
  backpressured(limit = 4 * 1024 * 1024): boolean {
    for (const s of this.sessions.values())
      if (s.authenticated && s.socket.writableLength > limit) return true;
    return false;
  }

  /**
   * Calls `resume` as soon as no client's buffer is over `limit` any more: on the 'drain' of a full socket
   * (or its close), not on a timer, so a generator that waits for it never sits idle while the client reads.
   */
  whenBelow(limit: number, resume: () => void): void {
    for (const s of this.sessions.values()) {
      if (!s.authenticated || s.socket.writableLength <= limit || s.socket.destroyed) continue;
      const again = (): void => {
        s.socket.off('drain', again);
        s.socket.off('close', again);
        this.whenBelow(limit, resume);
      };
      s.socket.on('drain', again);
      s.socket.on('close', again);
      return;
    }
    resume();
  }

  /**
   * Runs `emit` with every client's writes held, then sends what each client got as one write. Written
   * event by event, a flood costs the simulator a syscall per event whenever its client keeps up (each
   * write finds the socket empty and goes straight to the kernel), so what a bench measured would be the
   * simulator's speed, not the client's.
   */
  inOneWrite(emit: () => void): void {
    const sessions = [...this.sessions.values()];
    for (const s of sessions) s.holdWrites();
    try {
      emit();
    } finally {
      for (const s of sessions) s.releaseWrites();
    }
  }

  /**
   * Emits `burst` after burst, each in one write per client (inOneWrite), as fast as the clients read:
   * while any client's buffer holds over `limitBytes` it waits for that client (whenBelow), otherwise
   * it goes on at the next turn of the event loop. Returns what stops it.
   */
  pumpBursts(burst: () => void, limitBytes: number): () => void {
    let stopped = false;
    const pump = (): void => {
      if (stopped) return;
      if (this.backpressured(limitBytes)) {
        this.whenBelow(limitBytes, pump);
        return;
      }
      this.inOneWrite(burst);
      setImmediate(pump);
    };
    setImmediate(pump);
    return () => (stopped = true);
  }

  broadcast(fields: AmiFields): void {
    if (this.sessions.size === 0) return;
    const name = fields[0]?.[1] ?? '';
    const privilege = fields[1]?.[0] === 'Privilege' ? fields[1][1] : 'system,all';
    const classes = privilegeClasses(privilege);
    let text: string | undefined;
    for (const s of this.sessions.values()) {
      if (!s.acceptsEvent(name, classes)) continue;
      text ??= serializeAmiFields(fields);
      s.write(text);
    }
  }

  sendTo(session: AmiSession, fields: AmiFields): void {
    session.write(serializeAmiFields(fields));
  }

  dropSessions(mode: 'reset' | 'end', sessionId?: number): number {
    let n = 0;
    for (const s of [...this.sessions.values()]) {
      if (sessionId !== undefined && s.id !== sessionId) continue;
      n++;
      if (mode === 'reset') s.socket.resetAndDestroy();
      else s.socket.end();
      this.sessions.delete(s.id);
    }
    return n;
  }

  stallSessions(seconds: number, sessionId?: number): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (sessionId !== undefined && s.id !== sessionId) continue;
      s.stall(seconds * 1000);
      n++;
    }
    return n;
  }

  private onConnection(socket: Socket): void {
    if (this.down) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    const session = new AmiSession(++this.seq, socket);
    this.sessions.set(session.id, session);
    socket.write(AMI_BANNER);
    socket.on('data', (chunk: string) => {
      for (const fields of session.feed(chunk)) this.onAction(session, fields);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sessions.delete(session.id));
  }

  /**
   * Appends to the action log. Session 0 marks what the simulator's own HTTP API or a scenario made
   * happen (an endpoint fault, a pause from a phone, a direct call), which no AMI client asked for.
   */
  logAction(session: number, action: string, fields: Record<string, string>): void {
    this.actionLog.push({ time: this.model.clock.now(), realTime: Date.now(), session, action, fields });
    if (this.actionLog.length > 100_000) this.actionLog.splice(0, 10_000);
  }

  private onAction(session: AmiSession, fields: AmiFields): void {
    const action = toAmiAction(fields);
    this.logAction(
      session.id,
      action.name,
      Object.fromEntries(fields.map(([k, v]) => [k, k.toLowerCase() === 'secret' ? '********' : v])),
    );
    const fault = this.actionFaults.get(action.name.toLowerCase());
    if (fault && session.authenticated) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.actionFaults.delete(action.name.toLowerCase());
      if (fault.mode === 'timeout') return;
      const id = action.get('ActionID');
      this.sendTo(session, [
        ['Response', 'Error'],
        ...(id !== undefined ? ([['ActionID', id]] as AmiFields) : []),
        ['Message', 'Simulated failure'],
      ]);
      return;
    }
    handleAmiAction(
      {
        server: this,
        model: this.model,
        session,
        loginOk: () => this.loginAllowed(),
        setMask: (v) => (session.mask = parseEventMask(v)),
      },
      action,
    );
  }

  private loginAllowed(): boolean {
    return Date.now() >= this.refuseLoginsUntil;
  }
}
