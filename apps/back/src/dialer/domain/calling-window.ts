import type { CallingWindow } from '@cc/contracts';

export type WindowCheck = { open: true } | { open: false; opensAt: Date };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClock(value: string): number | null {
  const match = TIME.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    minutes: get('hour') * 60 + get('minute'),
  };
}

// Offset of the zone at an instant, in minutes east of UTC.
function offsetMinutes(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day) + local.minutes * 60_000;
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

// The instant a local wall-clock time happens; twice corrected, so a DST change between guess and answer is absorbed.
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  let guess = new Date(wall - offsetMinutes(new Date(wall), timeZone) * 60_000);
  guess = new Date(wall - offsetMinutes(guess, timeZone) * 60_000);
  return guess;
}

/**
 * Whether a lead may be called now, in the lead's own time zone: the window is [start, end) local time,
 * every day. When closed, the next opening (today's start if it is still ahead, else tomorrow's).
 */
export function checkCallingWindow(now: Date, timeZone: string, window: CallingWindow): WindowCheck {
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  if (start === null || end === null || start >= end) {
    throw new Error(`invalid calling window ${window.start}-${window.end}`);
  }
  const local = localTime(now, timeZone);
  if (local.minutes >= start && local.minutes < end) return { open: true };
  const dayOffset = local.minutes < start ? 0 : 1;
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
  return {
    open: false,
    opensAt: instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), start, timeZone),
  };
}
