import { readFileSync, existsSync } from 'node:fs';
import { Socket, connect } from 'node:net';
import * as path from 'node:path';

export type WireMessage = [string, string][];

/** Split raw AMI bytes into messages (banner lines become a one-field `Banner` message). */
export const parseAmiTranscript = (raw: string): WireMessage[] => {
  const out: WireMessage[] = [];
  let rest = raw;
  while (rest.length > 0) {
    if (rest.startsWith('Asterisk Call Manager/')) {
      const nl = rest.indexOf('\r\n');
      out.push([['Banner', rest.slice(0, nl)]]);
      rest = rest.slice(nl + 2);
      continue;
    }
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const block = rest.slice(0, end);
    rest = rest.slice(end + 4);
    out.push(
      block.split('\r\n').map((line) => {
        const i = line.indexOf(': ');
        return i < 0 ? [line.replace(/:$/, ''), ''] : [line.slice(0, i), line.slice(i + 2)];
      }),
    );
  }
  return out;
};

export const workspaceRoot = (): string => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('nx.json not found');
    dir = up;
  }
  return dir;
};

/** Reads a fixture; a missing fixture throws, so the test fails rather than skips. */
/** The path of a transcript in `fixtures/ami`; a missing one throws, so a test fails instead of skipping. */
export const amiFixturePath = (name: string): string => {
  const file = path.resolve(workspaceRoot(), 'fixtures/ami', name);
  if (!existsSync(file)) throw new Error(`missing fixture ${file}`);
  return file;
};

export const readFixture = (name: string): WireMessage[] =>
  parseAmiTranscript(readFileSync(amiFixturePath(name), 'latin1'));

/** (kind, header names) per message: what conformance compares. */
export const shape = (m: WireMessage): string => {
  const [first] = m;
  return `${first[0]}:${first[0] === 'Banner' ? '' : first[1]} [${m.map(([k]) => k).join(',')}]`;
};

export const get = (m: WireMessage, name: string): string | undefined => m.find(([k]) => k === name)?.[1];

export class AmiTestClient {
  raw = '';
  closed = false;
  private parsed: WireMessage[] = [];
  private parsedUpTo = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.raw += chunk;
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  /** Messages received so far, parsed incrementally (floods make re-parsing everything too slow). */
  get messages(): WireMessage[] {
    for (;;) {
      const rest = this.raw.slice(this.parsedUpTo, this.parsedUpTo + 40);
      if (rest.startsWith('Asterisk Call Manager/')) {
        const nl = this.raw.indexOf('\r\n', this.parsedUpTo);
        if (nl < 0) break;
        this.parsed.push([['Banner', this.raw.slice(this.parsedUpTo, nl)]]);
        this.parsedUpTo = nl + 2;
        continue;
      }
      const end = this.raw.indexOf('\r\n\r\n', this.parsedUpTo);
      if (end < 0) break;
      this.parsed.push(...parseAmiTranscript(this.raw.slice(this.parsedUpTo, end + 4)));
      this.parsedUpTo = end + 4;
    }
    return this.parsed;
  }

  static connect(port: number): Promise<AmiTestClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new AmiTestClient(s)));
      s.once('error', reject);
    });
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(fields: [string, string][]): void {
    this.socket.write(fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
  }

  async waitFor(pred: (m: WireMessage) => boolean, timeoutMs = 5000, from = 0): Promise<WireMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(pred);
      if (found) return found;
      if (this.closed || Date.now() > deadline)
        throw new Error(`timeout waiting; last: ${this.messages.slice(-3).map(shape).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket not closed');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Send an action and wait for its response (and its list to complete if it is a list). */
  async action(fields: [string, string][], timeoutMs = 5000): Promise<WireMessage> {
    const id = fields.find(([k]) => k === 'ActionID')?.[1];
    const from = this.messages.length;
    this.send(fields);
    const resp = await this.waitFor(
      (m) => m[0][0] === 'Response' && get(m, 'ActionID') === id,
      timeoutMs,
      from,
    );
    if (get(resp, 'EventList') === 'start')
      await this.waitFor((m) => get(m, 'EventList') === 'Complete' && get(m, 'ActionID') === id, 5000, from);
    return resp;
  }

  async login(user = 'admin', secret = 'admin', events = 'on'): Promise<void> {
    await this.action([
      ['Action', 'Login'],
      ['ActionID', 'login-1'],
      ['Username', user],
      ['Secret', secret],
      ['Events', events],
    ]);
  }

  async logoff(): Promise<void> {
    await this.action([
      ['Action', 'Logoff'],
      ['ActionID', 'logoff-1'],
    ]);
    await this.waitClosed();
  }

  close(): void {
    this.socket.destroy();
  }
}
