import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { AmiActionError, AmiClient, AmiFrameParser, type AmiConnectedInfo, type AmiMessage } from '@cc/ami';
import { AmiReplayServer, REPLAY_EVENT_GAP_MS } from './ami-replay.server';
import { parseReplayParts } from './ami-replay.transcript';
import { amiFixturePath } from '../testing/ami-test.client';

const fixture = amiFixturePath;

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
