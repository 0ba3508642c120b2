import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AmiMessage } from '@cc/ami';

// Test-only reader for the captured transcripts. Deliberately independent of @cc/ami's parser so
// these tests pin the state logic, not the codec.

const BANNER = 'Asterisk Call Manager/';

function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`nx.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export const AMI_FIXTURES_DIR = path.resolve(workspaceRoot(), 'fixtures/ami');

/** Parses raw AMI bytes: messages end with an empty line; banner lines are dropped. */
export function parseAmiText(text: string): AmiMessage[] {
  const messages: AmiMessage[] = [];
  for (const block of text.split('\r\n\r\n')) {
    const fields: Record<string, string> = {};
    let count = 0;
    for (const line of block.split('\r\n')) {
      if (line === '' || line.startsWith(BANNER)) continue;
      const sep = line.indexOf(':');
      if (sep <= 0) continue;
      const key = line.slice(0, sep);
      // The value may end with a bare LF (errors.ami) and may be empty (`PausedReason: `).
      const value = line.slice(sep + 1).replace(/^ /, '');
      fields[key] = key in fields ? `${fields[key]}\n${value}` : value;
      count++;
    }
    if (count > 0) messages.push(fields);
  }
  return messages;
}

export function readAmiFixture(name: string): AmiMessage[] {
  const file = path.join(AMI_FIXTURES_DIR, name);
  // A missing fixture must fail loudly, never skip.
  if (!existsSync(file)) throw new Error(`AMI fixture missing: ${file}`);
  return parseAmiText(readFileSync(file, 'latin1'));
}

export type TranscriptStep =
  { kind: 'event'; message: AmiMessage } | { kind: 'list'; actionId: string; items: AmiMessage[] };

/**
 * Splits a transcript into live events and completed action answers. A list's items are the events
 * carrying its ActionID; the list is yielded where its `EventList: Complete` marker arrives.
 */
export function stepsOf(messages: readonly AmiMessage[]): TranscriptStep[] {
  const steps: TranscriptStep[] = [];
  const open = new Map<string, AmiMessage[]>();
  for (const m of messages) {
    const actionId = m.ActionID;
    if (m.Response !== undefined && m.Event === undefined) {
      if (actionId && m.EventList === 'start') open.set(actionId, []);
      continue;
    }
    const items = actionId ? open.get(actionId) : undefined;
    if (!items || !actionId) {
      steps.push({ kind: 'event', message: m });
      continue;
    }
    if (m.EventList === 'Complete') {
      open.delete(actionId);
      steps.push({ kind: 'list', actionId, items });
    } else {
      items.push(m);
    }
  }
  return steps;
}

export function listOf(messages: readonly AmiMessage[], actionId: string): AmiMessage[] {
  for (const step of stepsOf(messages))
    if (step.kind === 'list' && step.actionId === actionId) return step.items;
  throw new Error(`no completed list ${actionId}`);
}
