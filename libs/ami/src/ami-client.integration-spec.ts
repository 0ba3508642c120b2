import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AmiClient,
  type AmiClientOptions,
  type AmiClientStatus,
  type AmiConnectedInfo,
  type AmiInputDiscard,
  type AmiLogger,
} from './ami-client';
import {
  AmiActionError,
  AmiAuthenticationError,
  AmiConnectionClosedError,
  AmiTimeoutError,
} from './ami-client.errors';
import { AmiFrameParser, parseAmiTranscript } from './ami-frame.parser';
import { amiMessageToFields, serializeAmi } from './ami-frame.serializer';
import type { AmiMessage } from './ami-message';
import { readAmiFixture } from './testing/ami-fixtures';

const BANNER = 'Asterisk Call Manager/11.0.0';

interface ServerConnection {
  readonly index: number;
  readonly socket: Socket;
  readonly actions: AmiMessage[];
  rawReceived: string;
  sent: Buffer[];
}

type ActionHandler = (
  action: AmiMessage,
  conn: ServerConnection,
  reply: (fields: Record<string, string>) => void,
) => void;

// A QueueStatus answer straight from the capture: Response + list events, ActionID rewritten on the fly.
const startupMessages = parseAmiTranscript(readAmiFixture('startup_state.ami')).flatMap((item) =>
  item.kind === 'message' ? [item.message] : [],
);
const recordedQueueStatus = startupMessages.filter((m) => m['ActionID'] === 'queuestatus-1');
const recordedDeviceStateList = startupMessages.filter((m) => m['ActionID'] === 'devicestatelist-1');
const recordedFullyBooted = startupMessages.find((m) => m['Event'] === 'FullyBooted') as AmiMessage;

class FakeAmi {
  readonly connections: ServerConnection[] = [];
  handler: ActionHandler = defaultHandler;
  private server: Server | null = null;

  async listen(): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  send(conn: ServerConnection, text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    conn.sent.push(bytes);
    if (!conn.socket.destroyed) conn.socket.write(bytes);
  }

  private accept(socket: Socket): void {
    const conn: ServerConnection = {
      index: this.connections.length,
      socket,
      actions: [],
      rawReceived: '',
      sent: [],
    };
    this.connections.push(conn);
    socket.on('error', () => undefined);
    const parser = new AmiFrameParser({
      expectBanner: false,
      onMessage: (action) => {
        conn.actions.push(action);
        this.handler(action, conn, (fields) =>
          this.send(conn, serializeAmi({ ...fields, ActionID: action['ActionID'] ?? '' })),
        );
      },
    });
    socket.on('data', (chunk: Buffer) => {
      conn.rawReceived += chunk.toString('utf8');
      parser.push(chunk);
    });
    this.send(conn, `${BANNER}\r\n`);
  }
}

function rewrite(message: AmiMessage, actionId: string): string {
  return serializeAmi(amiMessageToFields({ ...message, ActionID: actionId }));
}

const defaultHandler: ActionHandler = (action, _conn, reply) => {
  switch (action['Action']) {
    case 'Login':
      reply({ Response: 'Success', Message: 'Authentication accepted' });
      break;
    case 'Ping':
      reply({ Response: 'Success', Ping: 'Pong', Timestamp: '1795381651.000000' });
      break;
    case 'Logoff':
      reply({ Response: 'Goodbye', Message: 'Thanks for all the fish.' });
      break;
    default:
      reply({ Response: 'Error', Message: 'Invalid/unknown command' });
  }
};

function waitFor(predicate: () => boolean, timeoutMs = 3000, label = 'condition'): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${label}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('AmiClient against a fake Asterisk', () => {
  let fake: FakeAmi;
  let port: number;
  const clients: AmiClient[] = [];
  const tempDirs: string[] = [];

  function makeClient(extra: Partial<AmiClientOptions> = {}): AmiClient {
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'ami',
      secret: 's3cret',
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      ...extra,
    });
    clients.push(client);
    return client;
  }

  async function connected(client: AmiClient): Promise<AmiConnectedInfo> {
    const info = new Promise<AmiConnectedInfo>((resolve) => {
      const off = client.onConnected((i) => {
        off();
        resolve(i);
      });
    });
    client.start();
    return info;
  }

  beforeEach(async () => {
    fake = new FakeAmi();
    port = await fake.listen();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await fake.close();
  });

  afterAll(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with exactly the Login bytes Asterisk reads, Events mask included', async () => {
    const client = makeClient();
    const statuses: AmiClientStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    const info = await connected(client);
    expect(info).toEqual({ banner: BANNER, connectionSeq: 1 });
    expect(fake.connections[0].rawReceived).toMatch(
      /^Action: Login\r\nUsername: ami\r\nSecret: s3cret\r\nEvents: system,call,agent\r\nActionID: [0-9a-f]{8}-1-\d+\r\n\r\n$/,
    );
    expect(client.status).toBe('connected');
    await client.stop();
    expect(fake.connections[0].actions.map((a) => a['Action'])).toEqual(['Login', 'Logoff']);
    expect(statuses).toEqual(['connecting', 'connected', 'stopped']);
  });

  it('reports the Response line synchronously, between the events sent before and after it', async () => {
    fake.handler = (action, conn, reply) => {
      const id = action['ActionID'] ?? '';
      if (action['Action'] === 'QueueStatus') {
        const [response, ...items] = recordedQueueStatus;
        const live = (name: string) => serializeAmi({ Event: name, Privilege: 'agent,all' });
        fake.send(
          conn,
          live('Before') + rewrite(response, id) + live('After') + items.map((m) => rewrite(m, id)).join(''),
        );
      } else {
        defaultHandler(action, conn, reply);
      }
    };
    const client = makeClient();
    const seen: string[] = [];
    client.onEvent((e) => seen.push(e['Event']));
    await connected(client);
    await client.action(
      { Action: 'QueueStatus' },
      { onResponse: (r) => seen.push(`response:${r['Response']}`) },
    );
    expect(seen).toEqual(['Before', 'response:Success', 'After']);
  });

  it('collects an event list up to EventList: Complete and keeps list items out of the live stream', async () => {
    fake.handler = (action, conn, reply) => {
      const id = action['ActionID'] ?? '';
      if (action['Action'] === 'QueueStatus') {
        // A live event in the middle of the list must still reach subscribers, in order.
        const [response, first, ...rest] = recordedQueueStatus;
        fake.send(
          conn,
          rewrite(response, id) + rewrite(first, id) + serializeAmi(amiMessageToFields(recordedFullyBooted)),
        );
        fake.send(conn, rest.map((m) => rewrite(m, id)).join(''));
      } else if (action['Action'] === 'DeviceStateList') {
        fake.send(conn, recordedDeviceStateList.map((m) => rewrite(m, id)).join(''));
      } else {
        defaultHandler(action, conn, reply);
      }
    };
    const client = makeClient();
    const live: AmiMessage[] = [];
    client.onEvent((e) => live.push(e));
    await connected(client);

    const result = await client.action({ Action: 'QueueStatus' });
    expect(result.response['EventList']).toBe('start');
    expect(result.events.map((e) => e['Event'])).toEqual([
      'QueueParams',
      'QueueMember',
      'QueueMember',
      'QueueMember',
      'QueueEntry',
      'QueueParams',
      'QueueMember',
      'QueueMember',
      'QueueMember',
      'QueueStatusComplete',
    ]);
    const actionId = fake.connections[0].actions[1]['ActionID'];
    expect(result.events.every((e) => e['ActionID'] === actionId)).toBe(true);
    expect(result.events[1]['PausedReason']).toBe('Training');

    const devices = await client.action({ Action: 'DeviceStateList' });
    expect(devices.events.filter((e) => e['Event'] === 'DeviceStateChange')).toHaveLength(15);
    expect(live.map((e) => e['Event'])).toEqual(['FullyBooted']);
    expect(client.stats.pendingActions).toBe(0);
  });

  it('delivers events synchronously in wire order, OriginateResponse included', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'Originate') {
        reply({ Response: 'Success', Message: 'Originate successfully queued' });
        const events = parseAmiTranscript(readAmiFixture('queue_call_answered.ami'))
          .flatMap((i) => (i.kind === 'message' && i.message['Event'] !== undefined ? [i.message] : []))
          .map((m) => (m['Event'] === 'OriginateResponse' ? { ...m, ActionID: action['ActionID'] ?? '' } : m))
          .filter((m) => m['ActionID'] === undefined || m['Event'] === 'OriginateResponse');
        fake.send(conn, events.map((m) => serializeAmi(amiMessageToFields(m))).join(''));
        fake.send(conn, serializeAmi({ Event: 'Marker' }));
      } else defaultHandler(action, conn, reply);
    };
    const client = makeClient();
    const live: string[] = [];
    client.onEvent((e) => live.push(e['Event']));
    await connected(client);
    const result = await client.action({
      Action: 'Originate',
      Channel: 'Local/500@from-external',
      Async: true,
    });
    expect(result.response['Message']).toBe('Originate successfully queued');
    await waitFor(() => live.includes('Marker'));
    expect(live).toContain('OriginateResponse');
    expect(live.slice(0, 4)).toEqual(['FullyBooted', 'SuccessfulAuth', 'Newchannel', 'Newchannel']);
    expect(live.filter((e) => e === 'VarSet')).toHaveLength(90);
    expect(client.stats.eventsReceived).toBe(live.length);
  });

  it('resolves an empty list when Asterisk answers PJSIPShowContacts with "No Contacts found"', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] !== 'PJSIPShowContacts') return defaultHandler(action, conn, reply);
      // res_pjsip's ami_show_contacts: astman_send_error(s, m, "No Contacts found\n"), a bare LF in the value.
      fake.send(
        conn,
        `Response: Error\r\nActionID: ${action['ActionID'] ?? ''}\r\nMessage: No Contacts found\n\r\n\r\n`,
      );
    };
    const client = makeClient();
    await connected(client);
    const result = await client.action({ Action: 'PJSIPShowContacts' });
    expect(result.events).toEqual([]);
    expect(result.response['Message']).toBe('No Contacts found');
    await expect(client.action({ Action: 'NoSuchAction' })).rejects.toBeInstanceOf(AmiActionError);
  });

  it('rejects a Response: Error with an AmiActionError carrying the message and the response', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'QueuePause') reply({ Response: 'Error', Message: 'Interface not found' });
      else defaultHandler(action, conn, reply);
    };
    const client = makeClient();
    await connected(client);
    const error = await client
      .action({ Action: 'QueuePause', Interface: 'PJSIP/9999', Paused: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).message).toBe('Interface not found');
    expect((error as AmiActionError).response['Response']).toBe('Error');
    expect(client.stats.pendingActions).toBe(0);
  });

  it('times out an unanswered action, forgets it, and drops its late list', async () => {
    const silent: { conn: ServerConnection; id: string }[] = [];
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'QueueStatus') silent.push({ conn, id: action['ActionID'] ?? '' });
      else defaultHandler(action, conn, reply);
    };
    const client = makeClient();
    const live: AmiMessage[] = [];
    client.onEvent((e) => live.push(e));
    await connected(client);
    const started = Date.now();
    const error = await client.action({ Action: 'QueueStatus' }, { timeoutMs: 80 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(client.stats).toMatchObject({ pendingActions: 0, actionTimeouts: 1 });

    // The late answer must not resurrect the action nor leak list items as live events.
    const { conn, id } = silent[0];
    fake.send(
      conn,
      recordedQueueStatus.map((m) => rewrite(m, id)).join('') + serializeAmi({ Event: 'Marker' }),
    );
    await waitFor(() => live.some((e) => e['Event'] === 'Marker'));
    expect(live.map((e) => e['Event'])).toEqual(['Marker']);
    expect((await client.action({ Action: 'Ping' })).response['Ping']).toBe('Pong');
  });

  it('rejects every pending action the moment the socket is destroyed', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'Login' || action['Action'] === 'Logoff') defaultHandler(action, conn, reply);
      else if (conn.actions.length === 4) conn.socket.destroy();
    };
    const client = makeClient({ reconnect: { initialDelayMs: 5000 } });
    await connected(client);
    const started = Date.now();
    const results = await Promise.allSettled([
      client.action({ Action: 'QueueStatus' }),
      client.action({ Action: 'CoreShowChannels' }),
      client.action({ Action: 'Status' }),
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AmiConnectionClosedError);
    }
    expect(client.stats.pendingActions).toBe(0);
    expect(client.status).toBe('disconnected');
  });

  it('rejects at once an action written after the socket closed', async () => {
    const client = makeClient({ reconnect: { initialDelayMs: 5000 } });
    await connected(client);
    fake.connections[0].socket.destroy();
    await waitFor(() => client.status === 'disconnected');
    const started = Date.now();
    await expect(client.action({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionClosedError);
    expect(Date.now() - started).toBeLessThan(50);
    expect(client.stats.actionsSent).toBe(1); // the Login only
  });

  it('reconnects after the server drops the socket and fires onConnected again with a new ActionID prefix', async () => {
    const client = makeClient({ reconnect: { initialDelayMs: 40, multiplier: 2 }, random: () => 0.99 });
    const infos: AmiConnectedInfo[] = [];
    client.onConnected((i) => infos.push(i));
    await connected(client);
    const droppedAt = Date.now();
    fake.connections[0].socket.destroy();
    await waitFor(() => infos.length === 2, 3000, 'second login');
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(35);
    expect(infos.map((i) => i.connectionSeq)).toEqual([1, 2]);
    const prefix = (conn: ServerConnection): string =>
      (conn.actions[0]['ActionID'] ?? '').replace(/-\d+$/, '');
    expect(prefix(fake.connections[0])).not.toBe(prefix(fake.connections[1]));
    expect(client.stats.reconnects).toBe(1);
    expect(client.status).toBe('connected');
  });

  it('reports a refused login and retries with growing backoff', async () => {
    const attempts: number[] = [];
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'Login') {
        attempts.push(Date.now());
        reply({ Response: 'Error', Message: 'Authentication failed' });
        conn.socket.end();
      } else defaultHandler(action, conn, reply);
    };
    const client = makeClient({
      reconnect: { initialDelayMs: 30, multiplier: 2, maxDelayMs: 1000 },
      random: () => 0.99,
    });
    const errors: Error[] = [];
    client.onError((e) => errors.push(e));
    client.start();
    await waitFor(() => attempts.length >= 4, 3000, 'four login attempts');
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[1]).toBeGreaterThanOrEqual(55);
    expect(gaps[2]).toBeGreaterThanOrEqual(115);
    const authErrors = errors.filter((e) => e instanceof AmiAuthenticationError);
    expect(authErrors.length).toBeGreaterThanOrEqual(3);
    expect(authErrors[0].message).toContain('Authentication failed');
    expect(client.status).not.toBe('connected');
  });

  it('detects a stalled server within pingInterval + pingTimeout and reconnects', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'Ping' && conn.index === 0) return; // accepts, never answers
      defaultHandler(action, conn, reply);
    };
    const client = makeClient({ pingIntervalMs: 100, pingTimeoutMs: 100 });
    const infos: AmiConnectedInfo[] = [];
    client.onConnected((i) => infos.push(i));
    // The disconnected status lasts only until the reconnect: catch it as it happens, not by polling.
    let disconnectedAt = 0;
    client.onStatus((s) => {
      if (s === 'disconnected' && disconnectedAt === 0) disconnectedAt = Date.now();
    });
    await connected(client);
    const loggedInAt = Date.now();
    await waitFor(() => disconnectedAt > 0, 1000, 'stall detection');
    const detectedAfter = disconnectedAt - loggedInAt;
    expect(detectedAfter).toBeGreaterThanOrEqual(190);
    expect(detectedAfter).toBeLessThan(600);
    await waitFor(() => infos.length === 2, 2000, 'reconnect');
  });

  it('leaves no pending entries, timers or listeners after 10k actions', async () => {
    let n = 0;
    fake.handler = (action, conn, reply) => {
      if (action['Action'] !== 'Ping') return defaultHandler(action, conn, reply);
      n++;
      if (n % 10 === 0) return; // left to time out
      if (n % 10 === 1) reply({ Response: 'Error', Message: 'nope' });
      else reply({ Response: 'Success', Ping: 'Pong' });
    };
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const client = makeClient({ pingIntervalMs: 60_000 });
    await connected(client);
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const results = await Promise.allSettled(
      Array.from({ length: 10_000 }, () => client.action({ Action: 'Ping' }, { timeoutMs: 1500 })),
    );
    process.off('warning', onWarning);
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(8000);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(reasons.filter((e) => e instanceof AmiActionError)).toHaveLength(1000);
    expect(reasons.filter((e) => e instanceof AmiTimeoutError)).toHaveLength(1000);
    expect(client.stats).toMatchObject({ pendingActions: 0, actionTimeouts: 1000, actionsSent: 10_001 });
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
    expect(warnings).toEqual([]);
  });

  it('gives up on a login that gets no answer within connectTimeoutMs and tries again', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'Login' && conn.index === 0) return;
      defaultHandler(action, conn, reply);
    };
    const client = makeClient({ connectTimeoutMs: 150 });
    const started = Date.now();
    const info = await connected(client);
    expect(info.connectionSeq).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('keeps delivering to other subscribers when one throws', async () => {
    fake.handler = (action, conn, reply) => {
      defaultHandler(action, conn, reply);
      if (action['Action'] === 'Ping')
        fake.send(conn, serializeAmi({ Event: 'A' }) + serializeAmi({ Event: 'B' }));
    };
    const logged: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (m: string) => void logged.push(m),
    };
    const client = makeClient({ logger });
    const seen: string[] = [];
    client.onEvent(() => {
      throw new Error('bad subscriber');
    });
    client.onEvent((e) => seen.push(e['Event']));
    await connected(client);
    await client.action({ Action: 'Ping' });
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['A', 'B']);
    expect(logged.filter((m) => m.includes('bad subscriber'))).toHaveLength(2);
    expect(client.status).toBe('connected');
  });

  it('does not reconnect after stop()', async () => {
    const client = makeClient();
    await connected(client);
    await client.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.connections).toHaveLength(1);
    expect(client.status).toBe('stopped');
    await expect(client.action({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionClosedError);
  });

  it('stop() returns when the server closes the socket while the Logoff is in flight', async () => {
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'Logoff') conn.socket.destroy();
      else defaultHandler(action, conn, reply);
    };
    const client = makeClient();
    await connected(client);
    await client.stop();
    expect(client.status).toBe('stopped');
  });

  it('records the bytes of each connection to its own file, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ami-record-'));
    tempDirs.push(dir);
    fake.handler = (action, conn, reply) => {
      if (action['Action'] === 'QueueStatus') {
        // Split a multi-byte character across two writes: the file must still be identical.
        fake.send(conn, recordedQueueStatus.map((m) => rewrite(m, action['ActionID'] ?? '')).join(''));
        const zoe = Buffer.from(serializeAmi({ Event: 'Newchannel', CallerIDName: 'Zoë Ñandú' }));
        conn.sent.push(zoe);
        conn.socket.write(zoe.subarray(0, 33));
        setTimeout(() => conn.socket.write(zoe.subarray(33)), 10);
      } else defaultHandler(action, conn, reply);
    };
    const client = makeClient({ recordDir: dir });
    const names: string[] = [];
    client.onEvent((e) => names.push(e['CallerIDName'] ?? ''));
    await connected(client);
    await client.action({ Action: 'QueueStatus' });
    await waitFor(() => names.includes('Zoë Ñandú'));
    fake.connections[0].socket.destroy();
    await waitFor(() => fake.connections.length === 2 && client.status === 'connected', 3000, 'reconnect');
    await client.stop();

    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^ami-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-1\.ami$/);
    expect(files[1]).toMatch(/-2\.ami$/);
    for (const [i, conn] of fake.connections.entries()) {
      const file = files.find((f) => f.endsWith(`-${i + 1}.ami`)) ?? '';
      expect(readFileSync(join(dir, file)).equals(Buffer.concat(conn.sent))).toBe(true);
    }
    expect(readFileSync(join(dir, files[0]), 'utf8').startsWith(`${BANNER}\r\nResponse: Success\r\n`)).toBe(
      true,
    );
  });

  function recordingLogger(): { logger: AmiLogger; warnings: string[] } {
    const warnings: string[] = [];
    const ignore = (): void => undefined;
    return {
      logger: { debug: ignore, info: ignore, error: ignore, warn: (m) => warnings.push(m) },
      warnings,
    };
  }

  it('drops a line over the maximum, resets the connection and logs in again so the state is rebuilt', async () => {
    fake.handler = (action, conn, reply) => {
      defaultHandler(action, conn, reply);
      if (action['Action'] === 'Login' && conn.index === 0) {
        fake.send(conn, 'Event: VarSet\r\nValue: ' + 'x'.repeat(10_000) + '\r\n\r\n');
        // Sent after the oversized line on the same connection: never delivered.
        fake.send(conn, serializeAmi({ Event: 'AfterTheLongLine' }));
      }
      if (action['Action'] === 'Login' && conn.index === 1)
        fake.send(conn, serializeAmi({ Event: 'OnTheNewConnection' }));
    };
    const { logger, warnings } = recordingLogger();
    const client = makeClient({ maxLineLength: 1024, logger });
    const infos: AmiConnectedInfo[] = [];
    const discards: AmiInputDiscard[] = [];
    const events: string[] = [];
    client.onConnected((info) => infos.push(info));
    client.onInputDiscarded((discard) => discards.push(discard));
    client.onEvent((event) => events.push(event['Event']));
    client.start();
    await waitFor(() => events.includes('OnTheNewConnection'), 3000, 'events on the second connection');

    expect(infos.map((info) => info.connectionSeq)).toEqual([1, 2]);
    expect(events).toEqual(['OnTheNewConnection']);
    expect(discards.map(({ length, ...discard }) => [typeof length, discard])).toEqual([
      ['number', { reason: 'line-too-long', connectionReset: true }],
    ]);
    expect(client.stats).toMatchObject({ oversizedLines: 1, inputResets: 1, reconnects: 1, garbageLines: 0 });
    expect(warnings.some((w) => w.includes('line-too-long') && w.includes('resetting the connection'))).toBe(
      true,
    );
  });

  it('counts binary garbage and unmatched messages, warns once per interval, and keeps the connection', async () => {
    const garbage = Buffer.from([
      0x00, 0xff, 0xfe, 0x3a, 0x01, 0x0d, 0x0a, 0x80, 0x81, 0x0d, 0x0a, 0x0d, 0x0a,
    ]);
    fake.handler = (action, conn, reply) => {
      defaultHandler(action, conn, reply);
      if (action['Action'] !== 'Login') return;
      for (let burst = 0; burst < 3; burst++) {
        conn.socket.write(garbage);
        fake.send(conn, 'Stray: header without event\r\n\r\n');
      }
      fake.send(conn, serializeAmi({ Event: 'StillHere' }));
    };
    const { logger, warnings } = recordingLogger();
    const client = makeClient({ logger, garbageWarnIntervalMs: 60_000 });
    const discards: AmiInputDiscard[] = [];
    const events: string[] = [];
    client.onInputDiscarded((discard) => discards.push(discard));
    client.onEvent((event) => events.push(event['Event']));
    await connected(client);
    await waitFor(() => events.includes('StillHere'), 3000, 'the event after the garbage');

    expect(client.stats).toMatchObject({
      garbageLines: 6,
      unmatchedMessages: 3,
      inputResets: 0,
      reconnects: 0,
    });
    expect(discards.filter((d) => d.reason === 'garbage-line')).toHaveLength(6);
    expect(discards.filter((d) => d.reason === 'unmatched-message')).toHaveLength(3);
    expect(discards.every((d) => !d.connectionReset)).toBe(true);
    expect(warnings.filter((w) => w.includes('dropped'))).toHaveLength(1);
    expect(client.status).toBe('connected');
  });
});
