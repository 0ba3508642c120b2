import { PbxRuntime } from './pbx-runtime';

const DEVICE_TO_MEMBER_STATUS: Record<string, number> = {
  UNKNOWN: 0,
  NOT_INUSE: 1,
  INUSE: 2,
  BUSY: 3,
  INVALID: 4,
  UNAVAILABLE: 5,
  RINGING: 6,
  RINGINUSE: 7,
  ONHOLD: 8,
};

export const MEMBER_STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(DEVICE_TO_MEMBER_STATUS).map(([k, v]) => [v, k]),
);

/** A queue member's Status code for a device state (app_queue's mapping; unknown devices are INVALID). */
export const memberStatusOfDevice = (state: string | undefined): number =>
  DEVICE_TO_MEMBER_STATUS[state ?? 'INVALID'] ?? 4;

/** Asterisk's device state cache: what DeviceStateList lists, in insertion order, and DeviceStateChange. */
export class DeviceStates {
  readonly states = new Map<string, string>();

  constructor(private readonly rt: PbxRuntime) {}

  get(device: string): string | undefined {
    return this.states.get(device);
  }

  /** `force` publishes even an unchanged state, as Asterisk does for some pseudo-devices. */
  set(device: string, state: string, force = false): void {
    if (!force && this.states.get(device) === state) return;
    this.states.set(device, state);
    this.rt.emit([
      ['Event', 'DeviceStateChange'],
      ['Privilege', 'call,all'],
      ['Device', device],
      ['State', state],
    ]);
  }

  delete(device: string): void {
    this.states.delete(device);
  }

  clear(): void {
    this.states.clear();
  }
}
