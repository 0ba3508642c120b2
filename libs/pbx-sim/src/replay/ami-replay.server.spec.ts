import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import {
  AmiActionError,
  AmiClient,
  AmiFrameParser,
  serializeAmi,
  type AmiConnectedInfo,
  type AmiMessage,
} from '@cc/ami';
import { AmiReplayServer, REPLAY_EVENT_GAP_MS } from './ami-replay.server';
import { actionKindFromActionId, parseReplayParts, takeAnswer } from './ami-replay.transcript';

function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('nx.json not found');
    dir = parent;
  }
  return dir;
}

const FIXTURES = resolve(workspaceRoot(), 'fixtures/ami');
const fixture = (name: string): string => {
  const file = join(FIXTURES, name);
  // A missing fixture must fail the test, not skip it.
  if (!existsSync(file)) throw new Error(`missing fixture ${file}`);
  return file;
};

function waitFor(predicate: () => boolean, timeoutMs = 3000, label = 'condition'): Promise<void> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const tick = (): void => {
      if (predicate()) return done();
      if (Date.now() - started > timeoutMs) return fail(new Error(`timed out waiting for ${label}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('replay transcript parts', () => {
  it('splits errors.ami into two connections at its banner lines', () => {
    const parts = parseReplayParts(readFileSync(fixture('errors.ami')));
    expect(parts).toHaveLength(2);
    expect(parts[0].login?.response['Message']).toBe('Authentication failed');
    expect(parts[0].answers).toHaveLength(0);
    expect(parts[1].login?.response['Message']).toBe('Authentication accepted');
    expect(parts[1].answers.map((a) => a.response['ActionID'])[0]).toBe('before-login-1');
    expect(parts[1].logoff?.response['Response']).toBe('Goodbye');
    expect(parts[1].events.map((e) => e['Event'])).toEqual([
      'FullyBooted',
      'SuccessfulAuth',
      'RequestBadFormat',
    ]);
  });

  it('keeps list events with their response and out of the played events', () => {
    const [part] = parseReplayParts(readFileSync(fixture('startup_state.ami')));
    expect(part.answers.map((a) => a.kind)).toEqual([
      'queuestatus',
      'queuesummary',
      'coreshowchannels',
      'devicestatelist',
      'pjsipshowendpoints',
      'pjsipshowcontacts',
      'pjsipshowregistrationinboundcontactstatuses',
      'agents',
      'status',
    ]);
    expect(part.answers[0].listEvents).toHaveLength(10);
    expect(part.answers[3].listEvents.filter((e) => e['Event'] === 'DeviceStateChange')).toHaveLength(15);
    expect(part.events.map((e) => e['Event'])).toEqual(['FullyBooted', 'SuccessfulAuth']);
  });

  it('infers the action kind from the ActionID and falls back to recorded order', () => {
    expect(actionKindFromActionId('queuestatus-after-call')).toBe('queuestatus');
    expect(actionKindFromActionId('pause-all-1001')).toBe('pause');
    const [part] = parseReplayParts(readFileSync(fixture('pause_unpause.ami')));
    const used = part.answers.map(() => false);
    // `pause-all-1001` does not say QueuePause: the first unused answer is served. `status-paused`
    // does not say QueueStatus either, but its QueueStatusComplete does.
    expect(takeAnswer(part.answers, used, 'QueuePause')?.response['ActionID']).toBe('pause-all-1001');
    expect(takeAnswer(part.answers, used, 'QueueStatus')?.response['ActionID']).toBe('status-paused');
    const [startup] = parseReplayParts(readFileSync(fixture('startup_state.ami')));
    const startupUsed = startup.answers.map(() => false);
    expect(takeAnswer(startup.answers, startupUsed, 'Agents')?.response['ActionID']).toBe('agents-1');
    expect(takeAnswer(startup.answers, startupUsed, 'QueueStatus')?.response['ActionID']).toBe(
      'queuestatus-1',
    );
    expect(takeAnswer(startup.answers, startupUsed, 'Unknown')?.response['ActionID']).toBe('queuesummary-1');
  });
  it('recognises login, Ping and list answers of a recording with opaque ActionIDs, as our client writes them', () => {
    const message = (fields: Record<string, string>) => serializeAmi(fields);
    const recording =
      'Asterisk Call Manager/11.0.0\r\n' +
      message({ Response: 'Success', ActionID: '98f5c448-1-1', Message: 'Authentication accepted' }) +
      message({
        Response: 'Success',
        ActionID: '98f5c448-1-2',
        Ping: 'Pong',
        Timestamp: '1795381651.000000',
      }) +
      message({
        Response: 'Success',
        ActionID: '98f5c448-1-3',
        EventList: 'start',
        Message: 'Channels will follow',
      }) +
      message({
        Event: 'CoreShowChannelsComplete',
        ActionID: '98f5c448-1-3',
        EventList: 'Complete',
        ListItems: '0',
      }) +
      message({
        Response: 'Success',
        ActionID: '98f5c448-1-4',
        EventList: 'start',
        Message: 'Queue status will follow',
      }) +
      message({
        Event: 'QueueStatusComplete',
        ActionID: '98f5c448-1-4',
        EventList: 'Complete',
        ListItems: '0',
      });
    const [part] = parseReplayParts(recording);
    expect(part.login?.response['ActionID']).toBe('98f5c448-1-1');
    expect(part.answers.map((a) => a.kind)).toEqual(['coreshowchannels', 'queuestatus']);
    const used = part.answers.map(() => false);
    expect(takeAnswer(part.answers, used, 'QueueStatus')?.response['ActionID']).toBe('98f5c448-1-4');
  });
});

describe('AmiReplayServer', () => {
  const servers: AmiReplayServer[] = [];
  const clients: AmiClient[] = [];

  async function serve(files: string[], speed?: number): Promise<number> {
    const server = new AmiReplayServer();
    servers.push(server);
    return server.start({ port: 0, files: files.map(fixture), speed });
  }

  function client(port: number): AmiClient {
    const c = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'ami',
      secret: 'x',
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('answers QueueStatus with the recorded list under the client ActionID', async () => {
    const port = await serve(['startup_state.ami'], Infinity);
    const c = client(port);
    const connected = new Promise<AmiConnectedInfo>((done) => c.onConnected(done));
    c.start();
    expect(await connected).toEqual({ banner: 'Asterisk Call Manager/11.0.0', connectionSeq: 1 });
    const result = await c.action({ Action: 'QueueStatus', ActionID: 'abc' });
    expect(result.response).toEqual({
      Response: 'Success',
      ActionID: 'abc',
      EventList: 'start',
      Message: 'Queue status will follow',
    });
    expect(result.events).toHaveLength(10);
    expect(result.events.every((e) => e['ActionID'] === 'abc')).toBe(true);
    expect(result.events[0]).toMatchObject({ Event: 'QueueParams', Queue: 'support', Calls: '1' });
    expect(result.events[9]).toMatchObject({
      Event: 'QueueStatusComplete',
      EventList: 'Complete',
      ListItems: '9',
    });
    const channels = await c.action({ Action: 'CoreShowChannels' });
    expect(channels.events.filter((e) => e['Event'] === 'CoreShowChannel')).toHaveLength(2);
  });

  it('plays the events of register_unregister.ami in recorded order', async () => {
    const expected = parseReplayParts(readFileSync(fixture('register_unregister.ami')))[0].events;
    const port = await serve(['register_unregister.ami'], 20);
    const c = client(port);
    const received: AmiMessage[] = [];
    c.onEvent((e) => received.push(e));
    c.start();
    await waitFor(() => received.length === expected.length, 5000, 'all events');
    expect(received).toEqual(expected);
    expect(received.filter((e) => e['Event'] === 'QueueMemberStatus').map((e) => e['Status'])).toEqual([
      '1',
      '1',
      '1',
      '1',
      '5',
      '5',
      '5',
      '5',
    ]);
  });

  it('spaces the recorded events by REPLAY_EVENT_GAP_MS / speed', async () => {
    const expected = parseReplayParts(readFileSync(fixture('register_unregister.ami')))[0].events.length;
    const port = await serve(['register_unregister.ami'], 2);
    const c = client(port);
    const arrivals: number[] = [];
    c.onEvent(() => arrivals.push(Date.now()));
    c.start();
    await waitFor(() => arrivals.length === expected, 5000, 'all events');
    const spread = arrivals[arrivals.length - 1] - arrivals[0];
    expect(spread).toBeGreaterThanOrEqual((expected - 1) * (REPLAY_EVENT_GAP_MS / 2) - 10);
  });

  it('serves the two parts of errors.ami to two consecutive connections', async () => {
    const port = await serve(['errors.ami'], Infinity);
    const c = client(port);
    const errors: Error[] = [];
    c.onError((e) => errors.push(e));
    const connected = new Promise<AmiConnectedInfo>((done) => c.onConnected(done));
    c.start();
    // Part 1 refuses the login and closes; the client retries and part 2 accepts it.
    const info = await connected;
    expect(info.connectionSeq).toBe(2);
    expect(errors.some((e) => e.message.includes('Authentication failed'))).toBe(true);
    const failure = await c
      .action({ Action: 'QueuePause', Interface: 'PJSIP/9999' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AmiActionError);
    // Recorded order: the pre-login `Permission denied` is the first unused answer.
    expect((failure as AmiActionError).message).toBe('Permission denied');
  });

  it('closes connections beyond the recorded parts', async () => {
    const port = await serve(['pause_unpause.ami'], Infinity);
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const received: string[] = [];
      await new Promise<void>((done) => {
        const socket = connect(port, '127.0.0.1');
        const parser = new AmiFrameParser({
          expectBanner: true,
          onBanner: (b) => received.push(b),
          onMessage: (m) => received.push(m['Response'] ?? m['Event'] ?? ''),
        });
        socket.on('data', (chunk: Buffer) => {
          parser.push(chunk);
          if (received.length === 1) socket.end('Action: Logoff\r\nActionID: bye\r\n\r\n');
        });
        socket.on('close', () => done());
      });
      texts.push(received.join('|'));
    }
    expect(texts[0]).toBe('Asterisk Call Manager/11.0.0|Goodbye');
    expect(texts[1]).toBe('');
  });
});
