import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EN } from './translations/en';
import { RU } from './translations/ru';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(html|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const APP_DIR = join(process.cwd(), 'apps/softphone/src/app');
const english = leaves(EN);
const russian = leaves(RU as Tree);
// Words that read the same in both languages.
const SAME_IN_BOTH = new Set<string>([]);

describe('translations', () => {
  it('translates every English text into Russian', () => {
    const untranslated = [...english]
      .filter(([key, text]) => !SAME_IN_BOTH.has(key) && (russian.get(key) ?? '') === text)
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
    expect([...russian.values()].filter((text) => text.trim() === '')).toEqual([]);
  });

  it('has an English text for every key the templates and components use', () => {
    const sources = sourceFiles(APP_DIR).map((file) => readFileSync(file, 'utf8'));
    expect(sources.length).toBeGreaterThan(10);
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const source of sources) {
      // 'a.b.c' | translate, and keys handed to translate through a variable ('status.saveFailed').
      for (const match of source.matchAll(
        /'([a-z][A-Za-z]*(?:\.[A-Za-z_-]+)+)'(?=\s*(?:\||\)|,|:|\s*\}|;))/g,
      )) {
        if (match[1].split('.')[0] in EN) used.add(match[1]);
      }
      // 'status.name.' + x | translate: the prefix must be a group of texts.
      for (const match of source.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z_-]+)*\.)'\s*\+/g))
        prefixes.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter(
      (key) => !english.has(key) && ![...english.keys()].some((k) => k.startsWith(`${key}.`)),
    );
    expect(missing).toEqual([]);
    const missingGroups = [...prefixes].filter(
      (prefix) => ![...english.keys()].some((k) => k.startsWith(prefix)),
    );
    expect(missingGroups).toEqual([]);
  });

  it('names every agent status and every registration state in both languages', () => {
    for (const status of [
      'ONLINE',
      'OFFLINE',
      'PAUSE',
      'BREAK',
      'TRAINING',
      'MEETING',
      'WRAP_UP',
      'DO_NOT_DISTURB',
      'ON_CALL',
    ]) {
      expect(english.has(`status.name.${status}`)).toBe(true);
      expect(russian.get(`status.name.${status}`)).not.toBe(english.get(`status.name.${status}`));
    }
  });
});
