import type { PhoneCommand, PhoneState } from '../domain/phone-state';

/** Messages between the tabs of one operator on their BroadcastChannel. */
export type PhoneTabMessage =
  { type: 'state'; state: PhoneState } | { type: 'hello' } | { type: 'command'; command: PhoneCommand };

export const phoneChannelName = (extension: string): string => `cc.phone.${extension}`;
export const phoneLockName = (extension: string): string => `cc.phone.leader.${extension}`;

export function isPhoneTabMessage(value: unknown): value is PhoneTabMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'state' || type === 'hello' || type === 'command';
}
