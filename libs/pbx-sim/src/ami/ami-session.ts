import type { Socket } from 'node:net';
import { AmiActionLineParser, AmiFields } from './ami-wire';
import { maskAccepts } from './event-class';

const MAX_CLIENT_BACKLOG_BYTES = 256 * 1024 * 1024;

/** One AMI TCP connection with its own login, event mask and filters. */
export class AmiSession {
  authenticated = false;
  mask: ReadonlySet<string> = new Set();
  username = '';
  readonly sessionHex: string;
  /** `Filter: Event: X` whitelist (lower-cased event names); empty = no whitelist. */
  readonly includeEvents = new Set<string>();
  readonly excludeEvents = new Set<string>();
  stalledUntil = 0;
  private pending: string[] = [];
  /** Set between holdWrites() and releaseWrites(): text written meanwhile, sent as one write. */
  private held: string | null = null;
  private readonly parser = new AmiActionLineParser();
  readonly connectedAt = Date.now();

  constructor(
    readonly id: number,
    readonly socket: Socket,
  ) {
    this.sessionHex = `0x7ff2${(0xe0000000 + id * 0x1460).toString(16)}`;
  }

  get remote(): string {
    return `IPV4/TCP/${this.socket.remoteAddress?.replace('::ffff:', '') ?? '127.0.0.1'}/${this.socket.remotePort ?? 0}`;
  }

  get local(): string {
    return `IPV4/TCP/${this.socket.localAddress?.replace('::ffff:', '') ?? '127.0.0.1'}/${this.socket.localPort ?? 0}`;
  }

  feed(chunk: string): AmiFields[] {
    return this.parser.push(chunk);
  }

  acceptsEvent(name: string, classes: readonly string[]): boolean {
    if (!this.authenticated || !maskAccepts(this.mask, classes)) return false;
    const lower = name.toLowerCase();
    if (this.includeEvents.size > 0 && !this.includeEvents.has(lower)) return false;
    return !this.excludeEvents.has(lower);
  }

  write(text: string): void {
    if (this.socket.destroyed) return;
    if (this.held !== null) {
      this.held += text;
      return;
    }
    if (this.stalledUntil > Date.now()) {
      this.pending.push(text);
      return;
    }
    this.socket.write(text);
    // a client that stopped reading would grow our memory without bound; Asterisk drops it too
    if (this.socket.writableLength > MAX_CLIENT_BACKLOG_BYTES) this.socket.destroy();
  }

  holdWrites(): void {
    this.held ??= '';
  }

  releaseWrites(): void {
    const held = this.held;
    this.held = null;
    if (held) this.write(held);
  }

  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
    this.socket.pause();
    setTimeout(() => {
      this.stalledUntil = 0;
      if (this.socket.destroyed) return;
      const queued = this.pending.join('');
      this.pending = [];
      if (queued) this.socket.write(queued);
      this.socket.resume();
    }, ms).unref();
  }
}
