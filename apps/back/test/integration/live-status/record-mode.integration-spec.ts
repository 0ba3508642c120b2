// AMI_RECORD_DIR: the app keeps the raw bytes of every AMI connection, in the fixtures' format, so a
// production incident can be replayed later with AmiReplayServer.
import { AmiClient, parseAmiTranscript, type AmiMessage } from '@cc/ami';
import { AmiReplayServer, type PbxSimulator } from '@cc/pbx-sim';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLiveStatusApp,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
  eventSessionIds,
  dropEventSessions,
} from '../../support/live-status-harness';

const BANNER_LINE = /^Asterisk Call Manager\/\d+\.\d+\.\d+\r\n/;

/** Events Asterisk sent on its own (not list items answering one of our actions). */
function unsolicitedEvents(messages: readonly AmiMessage[]): AmiMessage[] {
  return messages.filter((m) => m['Event'] !== undefined && m['ActionID'] === undefined);
}

describe('AMI record mode', () => {
  let dir: string | undefined;
  let sim: PbxSimulator | undefined;
  let t: LiveStatusTestApp | undefined;
  let replay: AmiReplayServer | undefined;
  let client: AmiClient | undefined;

  afterAll(async () => {
    await client?.stop();
    await replay?.stop();
    await t?.close();
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes one transcript per AMI connection that parses and replays to a new client', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-ami-record-'));
    sim = await startSimulator(
      {
        name: 'load',
        calls: 100,
        queues: 3,
        agents: 20,
        pauses: 4,
        registrationLosses: 2,
        restartAtCall: null,
      },
      { speed: 20 },
    );
    const running = sim;
    t = await createLiveStatusApp(running, { env: { AMI_RECORD_DIR: dir } });
    const app = t;
    const callsStarted = () => running.groundTruth().scenario?.callsStarted ?? 0;
    await waitUntil(() => app.ingestion.ingesting && eventSessionIds(running).length === 1, 10_000);
    await waitUntil(() => callsStarted() >= 10, 20_000);
    // A second connection must go to a second file.
    expect(dropEventSessions(running, 'end')).toBe(1);
    await waitUntil(() => app.ingestion.ingestorStatus.mode !== 'live', 5_000);
    await waitUntil(
      () => eventSessionIds(running).length === 1 && app.ingestion.ingestorStatus.mode === 'live',
      10_000,
    );
    // Calls counted from the reconnect, so the second recording holds traffic however slow the reconnect was.
    const callsAtReconnect = callsStarted();
    await waitUntil(() => callsStarted() >= callsAtReconnect + 15, 20_000);
    // Closing the app logs off and flushes the recording of the open connection.
    t = undefined;
    await app.close();

    const files = (await readdir(dir)).filter((f) => f.endsWith('.ami')).sort((a, b) => seqOf(a) - seqOf(b));
    expect(files).toHaveLength(2);
    const transcripts = await Promise.all(files.map((f) => readFile(join(dir as string, f))));
    for (const raw of transcripts) {
      const text = raw.toString('utf8');
      expect(text).toMatch(BANNER_LINE);
      // CRLF only, and the last message is complete (ends with the blank line).
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      expect(text.endsWith('\r\n\r\n')).toBe(true);
      const items = parseAmiTranscript(raw);
      expect(items[0]).toEqual({ kind: 'banner', banner: text.slice(0, text.indexOf('\r\n')) });
      const messages = items.flatMap((i) => (i.kind === 'message' ? [i.message] : []));
      expect(messages[0]).toMatchObject({ Response: 'Success', Message: 'Authentication accepted' });
      // The rebuild after login: QueueStatus answered with its list.
      expect(messages.some((m) => m['Event'] === 'QueueStatusComplete')).toBe(true);
      expect(unsolicitedEvents(messages).length).toBeGreaterThan(20);
    }
    const firstText = (transcripts[0] as Buffer).toString('utf8');
    expect(firstText).not.toContain('Response: Goodbye');
    expect((transcripts[1] as Buffer).toString('utf8')).toContain('Response: Goodbye');

    // Replay the first connection to a fresh client: it logs in and receives the recorded events in order.
    const recorded = unsolicitedEvents(
      parseAmiTranscript(transcripts[0] as Buffer).flatMap((i) => (i.kind === 'message' ? [i.message] : [])),
    );
    replay = new AmiReplayServer();
    const port = await replay.start({ port: 0, files: [join(dir, files[0] as string)], speed: Infinity });
    const received: AmiMessage[] = [];
    const fresh = new AmiClient({ host: '127.0.0.1', port, username: 'replay', secret: 'replay' });
    client = fresh;
    fresh.onEvent((event) => received.push(event));
    let loggedIn = false;
    fresh.onConnected(() => (loggedIn = true));
    fresh.start();
    await waitUntil(
      () => loggedIn && received.length >= recorded.length,
      10_000,
      () => `replayed ${received.length} of ${recorded.length} events`,
    );
    expect(received).toEqual(recorded);
    expect(replay.connectionsServed).toBe(1);
  }, 60_000);
});

/** `ami-<ISO time>-<seq>.ami`: connections in order. */
function seqOf(file: string): number {
  return Number(/-(\d+)\.ami$/.exec(file)?.[1] ?? Number.NaN);
}
