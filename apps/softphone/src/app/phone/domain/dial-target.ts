/** What a dial pad or transfer field may hold: digits, *, # and a leading +. */
const DIALABLE = /^\+?[0-9*#]{1,32}$/;

/** The number to dial with separators people type (spaces, dashes, dots, brackets) removed, or null. */
export function normaliseDialTarget(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  return DIALABLE.test(compact) ? compact : null;
}

export const DTMF_TONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function isDtmfTone(value: string): boolean {
  return (DTMF_TONES as readonly string[]).includes(value);
}
