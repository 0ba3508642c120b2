// Micro benchmark: events/s of AmiFrameParser against a naive split-based parser, same input, same run.
// Run: npx tsx libs/ami/bench/ami-parser.bench.ts
import { AmiFrameParser } from '../src/ami-frame.parser';
import type { AmiMessage } from '../src/ami-message';
import { readAmiFixture } from '../src/testing/ami-fixtures';

const CHUNK_SIZE = 64 * 1024;
const TARGET_MESSAGES = 300_000;

function buildInput(): { chunks: Buffer[]; messages: number } {
  const body = readAmiFixture('queue_call_answered.ami').toString('utf8');
  const withoutBanner = body.slice(body.indexOf('\r\n') + 2);
  const perCopy = withoutBanner.split('\r\n\r\n').length - 1;
  const copies = Math.ceil(TARGET_MESSAGES / perCopy);
  const all = Buffer.from('Asterisk Call Manager/11.0.0\r\n' + withoutBanner.repeat(copies), 'utf8');
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += CHUNK_SIZE)
    chunks.push(all.subarray(offset, offset + CHUNK_SIZE));
  return { chunks, messages: perCopy * copies };
}

function runOurs(chunks: readonly Buffer[]): number {
  let count = 0;
  const parser = new AmiFrameParser({ expectBanner: true, onMessage: () => count++ });
  for (const chunk of chunks) parser.push(chunk);
  return count;
}

// What one writes first: buffer a string, split on blank lines, then lines, then ': '.
function runNaive(chunks: readonly Buffer[]): number {
  let count = 0;
  let rest = '';
  let first = true;
  for (const chunk of chunks) {
    rest += chunk.toString('utf8');
    if (first) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd === -1) continue;
      rest = rest.slice(lineEnd + 2);
      first = false;
    }
    const frames = rest.split('\r\n\r\n');
    rest = frames.pop() ?? '';
    for (const frame of frames) {
      const message: Record<string, string> = {};
      for (const line of frame.split('\r\n')) {
        const [key, ...value] = line.split(': ');
        message[key] = value.join(': ');
      }
      if ((message as AmiMessage)['Event'] !== undefined || message['Response'] !== undefined) count++;
    }
  }
  return count;
}

function measure(name: string, run: () => number, expected: number): number {
  run(); // warm up the JIT
  const rounds = 5;
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    const count = run();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (count !== expected) throw new Error(`${name}: parsed ${count} messages, expected ${expected}`);
    best = Math.min(best, ms);
  }
  const perSecond = Math.round((expected / best) * 1000);
  process.stdout.write(
    `${name.padEnd(18)} ${expected} messages in ${best.toFixed(1)} ms -> ${perSecond.toLocaleString('en-US')} msg/s\n`,
  );
  return perSecond;
}

const { chunks, messages } = buildInput();
const ours = measure('AmiFrameParser', () => runOurs(chunks), messages);
const naive = measure('naive split', () => runNaive(chunks), messages);
process.stdout.write(
  `ratio ours/naive: ${(ours / naive).toFixed(2)}x; target 300,000 msg/s: ${ours >= 300_000 ? 'met' : 'MISSED'}\n`,
);
