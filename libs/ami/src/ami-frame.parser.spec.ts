import { readdirSync } from 'node:fs';
import {
  AMI_PARSER_LIMITS,
  AmiFrameParser,
  parseAmiTranscript,
  type AmiDiscard,
  type AmiTranscriptItem,
} from './ami-frame.parser';
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

  it('drops and counts lines that are not headers, and ignores extra blank lines between messages', () => {
    const discards: AmiDiscard[] = [];
    const received: AmiMessage[] = [];
    const parser = new AmiFrameParser({
      expectBanner: false,
      onMessage: (message) => received.push(message),
      onDiscard: (discard) => discards.push(discard),
    });
    parser.push(
      '\r\nAction: Ping\r\nGarbage\r\nKey:tight\r\nEmpty:\r\n: no name\r\n\r\n\r\n\r\nAction: Logoff\r\n\r\n',
    );
    expect(received).toEqual([{ Action: 'Ping', Key: 'tight', Empty: '' }, { Action: 'Logoff' }]);
    expect(discards).toEqual([
      { reason: 'garbage-line', length: 7 },
      { reason: 'garbage-line', length: 9 },
    ]);
    expect(parser.stats).toEqual({ oversizedLines: 0, oversizedMessages: 0, garbageLines: 2 });
  });

  it('does not treat a banner-looking line as a banner in the action direction', () => {
    const parser = new AmiFrameParser({ expectBanner: false, onMessage: () => undefined });
    const items = parseAll(['Asterisk Call Manager/11.0.0\r\nAction: Ping\r\n\r\n']);
    expect(items).toEqual([{ kind: 'message', message: { Action: 'Ping' } }]);
    parser.push('Asterisk Call Manager/11.0.0\r\nAction: Ping\r\n\r\n');
    expect(parser.stats.garbageLines).toBe(1);
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

describe('AmiFrameParser on hostile input', () => {
  function collect(
    options: { maxLineLength?: number; maxMessageSize?: number; expectBanner?: boolean } = {},
  ): {
    parser: AmiFrameParser;
    received: AmiMessage[];
    discards: AmiDiscard[];
  } {
    const received: AmiMessage[] = [];
    const discards: AmiDiscard[] = [];
    const parser = new AmiFrameParser({
      expectBanner: false,
      onMessage: (message) => received.push(message),
      onDiscard: (discard) => discards.push(discard),
      ...options,
    });
    return { parser, received, discards };
  }

  // Bytes that are not UTF-8 text nor headers: NULs, invalid UTF-8, control characters.
  function binaryGarbage(size: number): Buffer {
    const bytes = Buffer.alloc(size);
    let state = 12345;
    for (let i = 0; i < size; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = state >> 16;
    }
    return bytes;
  }

  it('drops a line megabytes over the maximum and binary garbage, counts both, and parses the next message', () => {
    const { parser, received, discards } = collect({ expectBanner: true });
    const oversized = AMI_PARSER_LIMITS.maxLineLength + 4 * 1024 * 1024;
    parser.push('Asterisk Call Manager/11.0.0\r\nEvent: FullyBooted\r\nStatus: Fully Booted\r\n\r\n');
    parser.push('Event: VarSet\r\nValue: ');
    // The long line arrives in TCP-sized chunks, as from a socket, with no line break at all.
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let sent = 0; sent < oversized; sent += chunk.length) parser.push(chunk);
    parser.push('\r\nVariable: rest-of-the-dropped-message\r\n\r\n');
    // Binary noise with CRLFs inside it, so it splits into several garbage lines, then a blank line.
    const noise = binaryGarbage(8 * 1024);
    noise[100] = 13;
    noise[101] = 10;
    parser.push(noise);
    parser.push('\r\n\r\n');
    parser.push('Event: Hangup\r\nUniqueid: 1795381652.4\r\nCause: 16\r\n\r\n');

    expect(received).toEqual([
      { Event: 'FullyBooted', Status: 'Fully Booted' },
      { Event: 'Hangup', Uniqueid: '1795381652.4', Cause: '16' },
    ]);
    expect(parser.stats.oversizedLines).toBe(1);
    expect(parser.stats.garbageLines).toBeGreaterThanOrEqual(2);
    const { length, ...first } = discards[0];
    expect([typeof length, first]).toEqual(['number', { reason: 'line-too-long' }]);
    expect(discards.slice(1).every((discard) => discard.reason === 'garbage-line')).toBe(true);
    expect(parser.hasPartialMessage).toBe(false);
  });

  it('drops a long line whose CRLF is split across chunks, and one that fits in a single chunk', () => {
    const { parser, received } = collect({ maxLineLength: 16 });
    parser.push('Event: A\r\nValue: ' + 'x'.repeat(40) + '\r');
    parser.push('\nMore: 1\r\n\r\nEvent: B\r\nLong: ' + 'y'.repeat(40) + '\r\n\r\nEvent: C\r\n\r\n');
    expect(received).toEqual([{ Event: 'C' }]);
    expect(parser.stats.oversizedLines).toBe(2);
  });

  it('keeps a line of exactly the maximum, even when its CR arrives alone', () => {
    const { parser, received } = collect({ maxLineLength: 16 });
    parser.push('Event: ABCDEFGHI\r');
    parser.push('\n\r\n');
    expect(received).toEqual([{ Event: 'ABCDEFGHI' }]);
    expect(parser.stats.oversizedLines).toBe(0);
  });

  it('drops a header whose name carries binary, keeping the rest of its message', () => {
    const { parser, received } = collect();
    parser.push(
      Buffer.concat([
        Buffer.from('Event: Hangup\r\nCa'),
        Buffer.from([0, 0xff]),
        Buffer.from('use: 16\r\nUniqueid: 1.2\r\n\r\n'),
      ]),
    );
    expect(received).toEqual([{ Event: 'Hangup', Uniqueid: '1.2' }]);
    expect(parser.stats.garbageLines).toBe(1);
  });

  it('drops a message over the maximum size up to its blank line and parses the next one', () => {
    const { parser, received, discards } = collect({ maxMessageSize: 100 });
    const lines = Array.from({ length: 20 }, (_, i) => `Variable: V${i}=1\r\n`).join('');
    parser.push('Event: Big\r\n' + lines + '\r\nEvent: Small\r\n\r\n');
    expect(received).toEqual([{ Event: 'Small' }]);
    expect(parser.stats.oversizedMessages).toBe(1);
    expect(discards.map((discard) => discard.reason)).toEqual(['message-too-large']);
  });

  it('treats a long line fed one byte at a time the same as in one piece', () => {
    const { parser, received } = collect({ maxLineLength: 1000 });
    const input =
      'Event: A\r\nValue: ' + 'z'.repeat(5000) + '\r\n\r\nEvent: B\r\nValue: ' + 'z'.repeat(900) + '\r\n\r\n';
    for (const char of input) parser.push(char);
    expect(received).toEqual([{ Event: 'B', Value: 'z'.repeat(900) }]);
    expect(parser.stats.oversizedLines).toBe(1);
  });

  it('forgets a line being skipped when the connection is reset', () => {
    const { parser, received } = collect({ maxLineLength: 16 });
    parser.push('Event: A\r\nValue: ' + 'x'.repeat(40));
    expect(parser.hasPartialMessage).toBe(true);
    parser.reset();
    parser.push('Event: B\r\n\r\n');
    expect(received).toEqual([{ Event: 'B' }]);
  });
});
