// AMI event classes as in manager.c; a session's `Events:` mask selects which Privilege classes it gets.
export const EVENT_CLASSES = [
  'system',
  'call',
  'log',
  'verbose',
  'command',
  'agent',
  'user',
  'config',
  'dtmf',
  'reporting',
  'cdr',
  'dialplan',
  'originate',
  'agi',
  'cc',
  'aoc',
  'test',
  'security',
  'message',
] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];

export const ALL_CLASSES: ReadonlySet<string> = new Set(EVENT_CLASSES);

/** `on` -> all, `off` -> none, otherwise a comma list of class names. */
export const parseEventMask = (value: string | undefined): ReadonlySet<string> => {
  const v = (value ?? 'on').trim().toLowerCase();
  if (v === 'on' || v === 'yes' || v === 'true' || v === 'all') return ALL_CLASSES;
  if (v === 'off' || v === 'no' || v === 'false' || v === '') return new Set();
  return new Set(
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => ALL_CLASSES.has(s) || s === 'all'),
  );
};

/** The classes of an event's `Privilege` header (`agent,all` -> agent). */
export const privilegeClasses = (privilege: string): string[] =>
  privilege
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== 'all' && s !== '');

export const maskAccepts = (mask: ReadonlySet<string>, classes: readonly string[]): boolean => {
  if (mask.has('all')) return true;
  for (const c of classes) if (mask.has(c)) return true;
  return false;
};
