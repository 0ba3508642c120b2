import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { AmiFrameParser, amiMessageToFields, serializeAmi, type AmiLogger, type AmiMessage } from '@cc/ami';
import { parseReplayParts, takeAnswer, type RecordedAnswer, type ReplayPart } from './ami-replay.transcript';

export interface AmiReplayStartOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Recorded `.ami` transcripts; every banner line in them starts a new part (one part per connection). */
  readonly files: readonly string[];
  /**
   * Playback speed of the recorded events. The recordings carry no timing, so events are spaced by
   * REPLAY_EVENT_GAP_MS / speed; `Infinity` sends them all at once. Default 1.
   */
  readonly speed?: number;
  readonly logger?: AmiLogger;
}

/** Spacing between recorded events at speed 1: slow enough to watch, fast enough for a demo. */
export const REPLAY_EVENT_GAP_MS = 10;

interface ReplaySession {
  readonly socket: Socket;
  readonly part: ReplayPart;
  readonly used: boolean[];
  nextEvent: number;
  playing: boolean;
  timer: NodeJS.Timeout | null;
}

function header(message: AmiMessage, name: string): string | undefined {
  // Asterisk reads action headers case-insensitively.
  const lower = name.toLowerCase();
  for (const key of Object.keys(message)) if (key.toLowerCase() === lower) return message[key];
  return undefined;
}

function withActionId(message: AmiMessage, actionId: string | undefined): string {
  const fields = { ...amiMessageToFields(message) };
  if (actionId === undefined) delete fields['ActionID'];
  else if (fields['ActionID'] !== undefined) fields['ActionID'] = actionId;
  else return serializeAmi({ ...fields, ActionID: actionId });
  return serializeAmi(fields);
}

/**
 * Serves recorded AMI transcripts over TCP so the backend can be run against real Asterisk traffic.
 * Connection n gets part n (a file's parts in order, files in the given order); once all parts are
 * used, further connections are closed at once. Per connection: the recorded banner; Login is answered
 * with the recorded login response (a refused login is followed by a close, as Asterisk does); then the
 * recorded events are played in order. Other actions get a recorded answer picked by `takeAnswer`, with
 * the client's ActionID put into the response and into its list events. Ping is answered with a fresh
 * Pong (not recorded), Logoff with the recorded Goodbye, then the socket is closed.
 */
export class AmiReplayServer {
  private server: Server | null = null;
  private parts: ReplayPart[] = [];
  private nextPart = 0;
  private speed = 1;
  private logger: AmiLogger | null = null;
  private readonly sessions = new Set<ReplaySession>();

  /** Number of parts served so far. */
  get connectionsServed(): number {
    return this.nextPart;
  }

  async start(options: AmiReplayStartOptions): Promise<number> {
    if (this.server !== null) throw new Error('AmiReplayServer already started');
    const parts: ReplayPart[] = [];
    for (const file of options.files) parts.push(...parseReplayParts(await readFile(file)));
    this.parts = parts;
    this.nextPart = 0;
    this.speed = options.speed ?? 1;
    this.logger = options.logger ?? null;
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const session of this.sessions) this.end(session, true);
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('error', (error) => this.logger?.warn(`[ami-replay] socket error: ${error.message}`));
    const part = this.parts[this.nextPart];
    if (part === undefined) {
      this.logger?.warn('[ami-replay] no recorded part left, closing the connection');
      socket.destroy();
      return;
    }
    this.nextPart++;
    const session: ReplaySession = {
      socket,
      part,
      used: part.answers.map(() => false),
      nextEvent: 0,
      playing: false,
      timer: null,
    };
    this.sessions.add(session);
    socket.on('close', () => this.end(session, false));
    const parser = new AmiFrameParser({
      expectBanner: false,
      onMessage: (action) => this.handleAction(session, action),
    });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.write(`${part.banner}\r\n`);
  }

  private handleAction(session: ReplaySession, action: AmiMessage): void {
    const name = header(action, 'Action') ?? '';
    const actionId = header(action, 'ActionID');
    const lower = name.toLowerCase();
    if (lower === 'login') {
      const login = session.part.login;
      if (login === null) {
        this.write(
          session,
          serializeAmi({ Response: 'Success', ActionID: actionId ?? '', Message: 'Authentication accepted' }),
        );
      } else {
        this.writeAnswer(session, login, actionId);
        if (login.response['Response'] === 'Error') {
          session.socket.end();
          return;
        }
      }
      this.startPlayback(session);
      return;
    }
    if (lower === 'ping') {
      const timestamp = (Date.now() / 1000).toFixed(6);
      this.write(
        session,
        serializeAmi({ Response: 'Success', ActionID: actionId ?? '', Ping: 'Pong', Timestamp: timestamp }),
      );
      return;
    }
    if (lower === 'logoff') {
      const goodbye = session.part.logoff;
      if (goodbye === null) {
        this.write(
          session,
          serializeAmi({
            Response: 'Goodbye',
            ActionID: actionId ?? '',
            Message: 'Thanks for all the fish.',
          }),
        );
      } else {
        this.writeAnswer(session, goodbye, actionId);
      }
      session.socket.end();
      return;
    }
    const answer = takeAnswer(session.part.answers, session.used, name);
    if (answer === null) {
      this.write(
        session,
        serializeAmi({ Response: 'Error', ActionID: actionId ?? '', Message: 'No recorded response left' }),
      );
      return;
    }
    this.writeAnswer(session, answer, actionId);
  }

  private writeAnswer(session: ReplaySession, answer: RecordedAnswer, actionId: string | undefined): void {
    let out = withActionId(answer.response, actionId);
    for (const event of answer.listEvents) out += withActionId(event, actionId);
    this.write(session, out);
  }

  private startPlayback(session: ReplaySession): void {
    if (session.playing) return;
    session.playing = true;
    const events = session.part.events;
    const gapMs = this.speed > 0 ? REPLAY_EVENT_GAP_MS / this.speed : 0;
    if (!Number.isFinite(gapMs) || gapMs <= 0) {
      this.write(session, events.map((event) => serializeAmi(amiMessageToFields(event))).join(''));
      session.nextEvent = events.length;
      return;
    }
    const startedAt = Date.now();
    const tick = (): void => {
      session.timer = null;
      // Catch up on every event due by now: timers fire late and at least 1 ms apart.
      const due = Math.min(events.length, Math.floor((Date.now() - startedAt) / gapMs) + 1);
      let out = '';
      for (; session.nextEvent < due; session.nextEvent++)
        out += serializeAmi(amiMessageToFields(events[session.nextEvent]));
      if (out.length > 0) this.write(session, out);
      if (session.nextEvent < events.length) session.timer = setTimeout(tick, gapMs);
    };
    tick();
  }

  private write(session: ReplaySession, text: string): void {
    if (!session.socket.destroyed && session.socket.writable) session.socket.write(text);
  }

  private end(session: ReplaySession, destroy: boolean): void {
    if (session.timer !== null) clearTimeout(session.timer);
    session.timer = null;
    this.sessions.delete(session);
    if (destroy) session.socket.destroy();
  }
}
