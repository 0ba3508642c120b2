import { DOCUMENT } from '@angular/common';
import { effect, inject, Injectable, signal } from '@angular/core';
import { PREFERENCES_STORAGE, readPreference, writePreference } from '../preferences/preferences.storage';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'cc.theme';

export function parseTheme(raw: string | null, prefersDark: boolean): Theme {
  return raw === 'light' || raw === 'dark' ? raw : prefersDark ? 'dark' : 'light';
}

/** The chosen theme, written to `<html data-theme>` where styles.css picks its colours. */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly storage = inject(PREFERENCES_STORAGE);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Theme>(
    parseTheme(
      readPreference(this.storage, STORAGE_KEY),
      this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    ),
  );

  readonly theme = this.current.asReadonly();

  constructor() {
    effect(() => this.document.documentElement.setAttribute('data-theme', this.current()));
  }

  set(theme: Theme): void {
    this.current.set(theme);
    writePreference(this.storage, STORAGE_KEY, theme);
  }

  toggle(): void {
    this.set(this.current() === 'dark' ? 'light' : 'dark');
  }
}
