import { DOCUMENT } from '@angular/common';
import { inject, Injectable, signal } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { PREFERENCES_STORAGE, readPreference, writePreference } from '../preferences/preferences.storage';
import { type Language, parseLanguage } from './languages';

const STORAGE_KEY = 'cc.language';

/** The language the user picked, remembered in this browser and applied to `<html lang>`. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly storage = inject(PREFERENCES_STORAGE);
  private readonly document = inject(DOCUMENT);
  private readonly translate = inject(TranslateService);
  private readonly current = signal<Language>(parseLanguage(readPreference(this.storage, STORAGE_KEY)));

  readonly language = this.current.asReadonly();

  /** Called once at start-up so the first paint is already in the remembered language. */
  async init(): Promise<void> {
    await this.apply(this.current());
  }

  async set(language: Language): Promise<void> {
    writePreference(this.storage, STORAGE_KEY, language);
    await this.apply(language);
  }

  private async apply(language: Language): Promise<void> {
    await new Promise<void>((resolve) =>
      this.translate.use(language).subscribe({ complete: resolve, error: () => resolve() }),
    );
    this.current.set(language);
    this.document.documentElement.lang = language;
  }
}
