// Bytes/s of AmiFrameParser on hostile input (a 64 MB line with no line break, binary garbage, a long
// line in small chunks) beside ordinary Asterisk traffic measured in the same run. Linear parsing means
// the hostile figures stay of the order of the baseline; before the line limit, the 64 MB line took
// about 170 s (issue 8, point 9).
// Run: npx tsx libs/ami/bench/ami-parser-hostile.bench.ts (also part of `npx nx run ami:bench`)
import { loadavg } from 'node:os';
import { AMI_PARSER_LIMITS, AmiFrameParser } from '../src/ami-frame.parser';
import { readAmiFixture } from '../src/testing/ami-fixtures';

const MiB = 1024 * 1024;
const TCP_CHUNK = 64 * 1024;
const VALID_TAIL = '\r\n\r\nEvent: FullyBooted\r\nStatus: Fully Booted\r\n\r\n';

interface Input {
  readonly name: string;
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
  /** Messages a correct parser delivers from it. */
  readonly messages: number;
}

function chunked(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size)
    chunks.push(data.subarray(offset, offset + size));
  return chunks;
}

function input(name: string, chunks: Buffer[], messages: number): Input {
  return { name, chunks, bytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0), messages };
}

function normalTraffic(): Input {
  const body = readAmiFixture('queue_call_answered.ami').toString('utf8');
  const withoutBanner = body.slice(body.indexOf('\r\n') + 2);
  const perCopy = withoutBanner.split('\r\n\r\n').length - 1;
  const copies = Math.ceil((32 * MiB) / withoutBanner.length);
  const data = Buffer.from('Asterisk Call Manager/11.0.0\r\n' + withoutBanner.repeat(copies), 'utf8');
  return input('normal traffic', chunked(data, TCP_CHUNK), perCopy * copies);
}

// One line of `size` bytes with no line break, in `chunkSize` pieces, then a valid message.
function longLine(size: number, chunkSize: number): Input {
  const piece = Buffer.alloc(chunkSize, 0x41);
  const chunks = [Buffer.from('Asterisk Call Manager/11.0.0\r\nEvent: VarSet\r\nValue: ')];
  for (let sent = 0; sent < size; sent += chunkSize) chunks.push(piece);
  chunks.push(Buffer.from(VALID_TAIL));
  const label = `${size / MiB} MiB line, ${chunkSize >= 1024 ? `${chunkSize / 1024} KiB` : `${chunkSize} B`} chunks`;
  return input(label, chunks, 1);
}

// Random bytes (NULs, invalid UTF-8, the odd CRLF), then a valid message.
function binaryGarbage(size: number): Input {
  const data = Buffer.alloc(size);
  let state = 2463534242;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[i] = state & 0xff;
  }
  const chunks = [Buffer.from('Asterisk Call Manager/11.0.0\r\n'), ...chunked(data, TCP_CHUNK)];
  chunks.push(Buffer.from(VALID_TAIL));
  return input(`${size / MiB} MiB binary garbage`, chunks, 1);
}

function parse(chunks: readonly Buffer[]): { messages: number; dropped: number } {
  let messages = 0;
  const parser = new AmiFrameParser({ expectBanner: true, onMessage: () => messages++ });
  for (const chunk of chunks) parser.push(chunk);
  const stats = parser.stats;
  return { messages, dropped: stats.oversizedLines + stats.oversizedMessages + stats.garbageLines };
}

function measure(item: Input): number {
  parse(item.chunks); // warm up the JIT
  let best = Infinity;
  let dropped = 0;
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    const result = parse(item.chunks);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // A hostile input must end with the valid message parsed, or the figure means nothing.
    if (result.messages < item.messages)
      throw new Error(`${item.name}: ${result.messages} messages parsed, expected ${item.messages}`);
    dropped = result.dropped;
    best = Math.min(best, ms);
  }
  const perSecond = (item.bytes / best) * 1000;
  process.stdout.write(
    `${item.name.padEnd(30)} ${(item.bytes / MiB).toFixed(1).padStart(6)} MiB in ${best.toFixed(1).padStart(7)} ms ` +
      `-> ${(perSecond / MiB).toFixed(0).padStart(5)} MiB/s` +
      (dropped > 0 ? ` (dropped: ${dropped})` : ` (${item.messages.toLocaleString('en-US')} messages)`) +
      '\n',
  );
  return perSecond;
}

process.stdout.write(
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(
      ' ',
    )}; limits: line ${AMI_PARSER_LIMITS.maxLineLength} chars, message ${AMI_PARSER_LIMITS.maxMessageSize} chars\n`,
);
const baseline = measure(normalTraffic());
for (const hostile of [longLine(64 * MiB, TCP_CHUNK), longLine(8 * MiB, 1024), binaryGarbage(16 * MiB)]) {
  const perSecond = measure(hostile);
  process.stdout.write(`${''.padEnd(30)} ${(perSecond / baseline).toFixed(2)}x the normal-traffic rate\n`);
}
