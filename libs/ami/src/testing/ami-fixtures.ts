import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('nx.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The real Asterisk 22 transcripts, kept in the repository (fixtures/ami/README.md). */
export const AMI_FIXTURE_DIR = resolve(workspaceRoot(), 'fixtures/ami');

/** Reads a fixture; a missing file throws, so the test fails instead of silently skipping. */
export function readAmiFixture(name: string): Buffer {
  return readFileSync(join(AMI_FIXTURE_DIR, name));
}

export interface FixtureCounts {
  readonly responses: Record<string, number>;
  readonly events: Record<string, number>;
}

function parseCountLine(line: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const part of line.split(',')) {
    const match = /^\s*(\S+)\s+(\d+)\s*$/.exec(part);
    if (!match) throw new Error(`Unreadable count ${JSON.stringify(part)} in fixture README`);
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

/** Per-file "Responses:" / "Events:" counts from the fixture README, so a fixture change is followed. */
export function readFixtureCounts(): Map<string, FixtureCounts> {
  const readme = readFileSync(join(AMI_FIXTURE_DIR, 'README.md'), 'utf8');
  const result = new Map<string, FixtureCounts>();
  let file: string | null = null;
  let responses: Record<string, number> | null = null;
  for (const line of readme.split('\n')) {
    const heading = /^###\s+`([^`]+\.ami)`/.exec(line);
    if (heading) {
      file = heading[1];
      responses = null;
      continue;
    }
    if (file === null) continue;
    const r = /^Responses:\s*(.+?)\s*$/.exec(line);
    if (r) responses = parseCountLine(r[1]);
    const e = /^Events:\s*(.+?)\s*$/.exec(line);
    if (e && responses) {
      result.set(file, { responses, events: parseCountLine(e[1]) });
      file = null;
    }
  }
  return result;
}
