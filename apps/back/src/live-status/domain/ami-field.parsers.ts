import { CHANNEL_STATES, MEMBER_STATUSES } from '@cc/contracts';
import type { ChannelState, MemberStatus, Membership } from '@cc/contracts';

// Every parser returns undefined for a missing or malformed value, so callers keep what they knew:
// one garbled header from Asterisk must never throw or wipe good state.

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function parseIntField(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Fast path for what Asterisk sends (a short run of digits): several integers per queue event.
  if (value.length > 0 && value.length < 16) {
    let n = 0;
    let i = 0;
    for (; i < value.length; i++) {
      const digit = value.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    if (i === value.length) return n;
  }
  const trimmed = value.trim();
  return INTEGER.test(trimmed) ? Number(trimmed) : undefined;
}

export function parseDecimalField(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** AMI booleans come as `1`/`0` in queue events and `true`/`false`/`yes`/`no` elsewhere. */
export function parseBoolField(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  // What queue events carry, two per member event: no trimmed, lower-cased copy to make.
  if (value === '1') return true;
  if (value === '0') return false;
  switch (value.trim().toLowerCase()) {
    case '1':
    case 'true':
    case 'yes':
      return true;
    case '0':
    case 'false':
    case 'no':
      return false;
    default:
      return undefined;
  }
}

/** Queue member `Status` 0..8 (AST_DEVICE_*). */
export function parseMemberStatus(value: string | undefined): MemberStatus | undefined {
  const code = parseIntField(value);
  return code !== undefined && code >= 0 && code < MEMBER_STATUSES.length ? MEMBER_STATUSES[code] : undefined;
}

const DEVICE_STATE_NAMES: ReadonlySet<string> = new Set(MEMBER_STATUSES);

/** DeviceStateChange `State` is the AST_DEVICE_* name without prefix, the same names as MEMBER_STATUSES. */
export function parseDeviceState(value: string | undefined): MemberStatus | undefined {
  if (value === undefined) return undefined;
  const name = value.trim().toUpperCase();
  return DEVICE_STATE_NAMES.has(name) ? (name as MemberStatus) : undefined;
}

const CHANNEL_STATE_BY_DESC: ReadonlyMap<string, ChannelState> = new Map([
  ['down', 'DOWN'],
  ['rsrvd', 'RSRVD'],
  ['offhook', 'OFFHOOK'],
  ['dialing', 'DIALING'],
  ['ring', 'RING'],
  ['ringing', 'RINGING'],
  ['up', 'UP'],
  ['busy', 'BUSY'],
  ['dialing offhook', 'DIALING_OFFHOOK'],
  ['pre-ring', 'PRERING'],
  ['mute', 'MUTE'],
]);

/** `ChannelState` 0..10, falling back to `ChannelStateDesc` when the code is unusable. */
export function parseChannelState(
  code: string | undefined,
  desc: string | undefined,
): ChannelState | undefined {
  const n = parseIntField(code);
  if (n !== undefined && n >= 0 && n < CHANNEL_STATES.length) return CHANNEL_STATES[n];
  return desc === undefined ? undefined : CHANNEL_STATE_BY_DESC.get(desc.trim().toLowerCase());
}

export function parseMembership(value: string | undefined): Membership | undefined {
  if (value === 'static' || value === 'dynamic' || value === 'realtime') return value;
  const v = value?.trim().toLowerCase();
  return v === 'static' || v === 'dynamic' || v === 'realtime' ? v : undefined;
}

/** ISO-8601 for epoch milliseconds, or undefined when out of Date's range (toISOString would throw). */
export function isoOfMillis(ms: number): string | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `LastCall` and friends are epoch seconds; Asterisk writes 0 for "never". */
export function parseEpochSeconds(value: string | undefined): string | null | undefined {
  const seconds = parseIntField(value);
  if (seconds === undefined || seconds < 0) return undefined;
  return seconds === 0 ? null : isoOfMillis(seconds * 1000);
}

/** CoreShowChannel `Duration` is `HH:MM:SS` (hours may exceed 24). */
export function parseHms(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Asterisk prints `<unknown>` for an absent caller id; the contracts use an empty string. */
export function cleanCallerField(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === '<unknown>' ? '' : value;
}
