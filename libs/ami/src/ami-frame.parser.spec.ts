import { readdirSync } from 'node:fs';
import { AmiFrameParser, parseAmiTranscript, type AmiTranscriptItem } from './ami-frame.parser';
import type { AmiMessage } from './ami-message';
import { AMI_FIXTURE_DIR, readAmiFixture, readFixtureCounts } from './testing/ami-fixtures';

function parseInChunks(data: Buffer, sizes: () => number, expectBanner = true): AmiTranscriptItem[] {
  const items: AmiTranscriptItem[] = [];
  const parser = new AmiFrameParser({
    expectBanner,
    onMessage: (message) => items.push({ kind: 'message', message }),
    onBanner: (banner) => items.push({ kind: 'banner', banner }),
  });
  let offset = 0;
  while (offset < data.length) {
    const size = Math.max(1, sizes());
    parser.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return items;
}

function messages(items: readonly AmiTranscriptItem[]): AmiMessage[] {
  return items.flatMap((item) => (item.kind === 'message' ? [item.message] : []));
}

function tally(list: readonly AmiMessage[], header: 'Response' | 'Event'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of list) {
    // OriginateResponse carries a Response header too: it counts as an event only.
    if (header === 'Response' && message['Event'] !== undefined) continue;
    const value = message[header];
    if (value !== undefined) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

// Deterministic pseudo-random chunk sizes, so a failure can be reproduced.
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
}

const counts = readFixtureCounts();
const fixtureFiles = readdirSync(AMI_FIXTURE_DIR).filter((name) => name.endsWith('.ami'));

describe('AmiFrameParser on the Asterisk 22 transcripts', () => {
  it('finds every fixture file listed in the README', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(5);
    expect([...counts.keys()].sort()).toEqual([...fixtureFiles].sort());
  });

  it.each(fixtureFiles)('parses %s into the Responses and Events the README lists', (file) => {
    const expected = counts.get(file);
    expect(expected).toBeDefined();
    const parsed = messages(parseAmiTranscript(readAmiFixture(file)));
    expect(tally(parsed, 'Response')).toEqual(expected?.responses);
    expect(tally(parsed, 'Event')).toEqual(expected?.events);
    // Nothing else: every message is a response or an event.
    expect(parsed.every((m) => m['Response'] !== undefined || m['Event'] !== undefined)).toBe(true);
  });

  it.each(fixtureFiles)(
    'gives identical results for %s fed 1 byte at a time and in random chunks',
    (file) => {
      const data = readAmiFixture(file);
      const whole = parseAmiTranscript(data);
      expect(parseInChunks(data, () => 1)).toEqual(whole);
      const next = lcg(file.length * 7919);
      for (let round = 0; round < 5; round++) {
        expect(parseInChunks(data, () => (next() % 700) + 1)).toEqual(whole);
      }
    },
  );

  it('reports the banner separately and counts two banners in errors.ami', () => {
    const items = parseAmiTranscript(readAmiFixture('errors.ami'));
    const banners = items.filter((item) => item.kind === 'banner');
    expect(banners).toEqual([
      { kind: 'banner', banner: 'Asterisk Call Manager/11.0.0' },
      { kind: 'banner', banner: 'Asterisk Call Manager/11.0.0' },
    ]);
    expect(items[0]).toEqual({ kind: 'banner', banner: 'Asterisk Call Manager/11.0.0' });
    expect(items[1]).toEqual({
      kind: 'message',
      message: { Response: 'Error', ActionID: 'login-1', Message: 'Authentication failed' },
    });
  });

  it('parses the bare-LF PJSIPShowEndpoint error as one message without the stray LF', () => {
    const parsed = messages(parseAmiTranscript(readAmiFixture('errors.ami')));
    const index = parsed.findIndex((m) => m['ActionID'] === 'show-unknown-endpoint');
    expect(parsed[index]).toEqual({
      Response: 'Error',
      ActionID: 'show-unknown-endpoint',
      Message: 'Unable to retrieve endpoint 9999',
    });
    expect(parsed[index + 1]['ActionID']).toBe('originate-unregistered');
  });

  it('keeps header order, inner spaces, empty values and values containing ": "', () => {
    const parsed = messages(parseAmiTranscript(readAmiFixture('errors.ami')));
    const bad = parsed.find((m) => m['Event'] === 'RequestBadFormat');
    expect(bad?.['RequestType']).toBe('Action: NoSuchAction');
    const paused = messages(parseAmiTranscript(readAmiFixture('pause_unpause.ami'))).find(
      (m) => m['Event'] === 'QueueMemberPause' && m['Paused'] === '0',
    );
    expect(paused?.['PausedReason']).toBe('');
    expect(paused?.['MemberName']).toBe('Agent 1001');
    expect(Object.keys(paused ?? {}).slice(0, 4)).toEqual(['Event', 'Privilege', 'Queue', 'MemberName']);
  });
});

describe('AmiFrameParser edge cases', () => {
  function parseAll(chunks: readonly (Buffer | string)[], expectBanner = false): AmiTranscriptItem[] {
    const items: AmiTranscriptItem[] = [];
    const parser = new AmiFrameParser({
      expectBanner,
      onMessage: (message) => items.push({ kind: 'message', message }),
      onBanner: (banner) => items.push({ kind: 'banner', banner }),
    });
    for (const chunk of chunks) parser.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return items;
  }

  it('decodes a UTF-8 name split in the middle of a character', () => {
    const bytes = Buffer.from('Event: Newchannel\r\nCallerIDName: Zoë Ñandú\r\n\r\n', 'utf8');
    const splitAt = bytes.indexOf(Buffer.from('ë')) + 1; // between the two bytes of ë
    const nSplit = bytes.indexOf(Buffer.from('Ñ')) + 1;
    const items = parseAll([
      bytes.subarray(0, splitAt),
      bytes.subarray(splitAt, nSplit),
      bytes.subarray(nSplit),
    ]);
    expect(items).toEqual([{ kind: 'message', message: { Event: 'Newchannel', CallerIDName: 'Zoë Ñandú' } }]);
  });

  it('joins a repeated header with a newline, in wire order', () => {
    const items = parseAll([
      'Action: Originate\r\nVariable: A=1\r\nChannel: Local/1@x\r\nVariable: B=2\r\n\r\n',
    ]);
    expect(items).toEqual([
      {
        kind: 'message',
        message: { Action: 'Originate', Variable: 'A=1\nB=2', Channel: 'Local/1@x' },
      },
    ]);
  });

  it('tolerates lines without ": " and ignores extra blank lines between messages', () => {
    const items = parseAll([
      '\r\nAction: Ping\r\nGarbage\r\nKey:tight\r\nEmpty:\r\n\r\n\r\n\r\nAction: Logoff\r\n\r\n',
    ]);
    expect(messages(items)).toEqual([
      { Action: 'Ping', Garbage: '', Key: 'tight', Empty: '' },
      { Action: 'Logoff' },
    ]);
  });

  it('does not treat a banner-looking line as a banner in the action direction', () => {
    const items = parseAll(['Asterisk Call Manager/11.0.0\r\nAction: Ping\r\n\r\n']);
    expect(items).toEqual([
      { kind: 'message', message: { 'Asterisk Call Manager/11.0.0': '', Action: 'Ping' } },
    ]);
  });

  it('holds back an unfinished message until its blank line arrives', () => {
    const received: AmiMessage[] = [];
    const parser = new AmiFrameParser({ expectBanner: false, onMessage: (m) => received.push(m) });
    parser.push(Buffer.from('Event: Hangup\r\nCause: 16\r'));
    expect(received).toEqual([]);
    expect(parser.hasPartialMessage).toBe(true);
    parser.push(Buffer.from('\n\r'));
    expect(received).toEqual([]);
    parser.push(Buffer.from('\n'));
    expect(received).toEqual([{ Event: 'Hangup', Cause: '16' }]);
    expect(parser.hasPartialMessage).toBe(false);
  });

  it('does not let a header named __proto__ or constructor change the message object', () => {
    const items = parseAll(['Event: X\r\n__proto__: evil\r\nconstructor: c\r\n\r\n']);
    const message = messages(items)[0];
    expect(message).toEqual({ Event: 'X', constructor: 'c' });
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
  });
});
