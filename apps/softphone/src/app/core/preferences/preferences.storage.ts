import { InjectionToken } from '@angular/core';

/**
 * localStorage: language and theme are a person's choice on this computer, shared by every tab and kept
 * across sign-outs (unlike the session, which lives in sessionStorage).
 */
export const PREFERENCES_STORAGE = new InjectionToken<Storage>('PREFERENCES_STORAGE', {
  providedIn: 'root',
  factory: () => localStorage,
});

export function readPreference(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    // Storage can throw when the browser blocks it; the default applies.
    return null;
  }
}

export function writePreference(storage: Storage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // Without storage the choice still holds for this page load.
  }
}
