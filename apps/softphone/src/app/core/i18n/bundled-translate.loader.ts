import { Injectable } from '@angular/core';
import { type TranslationObject, TranslateLoader } from '@ngx-translate/core';
import { from, type Observable } from 'rxjs';
import { EN } from './translations/en';
import type { Language } from './languages';

/**
 * Translations ship inside the bundle (no HTTP fetch, nothing to host): English eagerly as the fallback,
 * Russian as a lazy chunk loaded the first time someone picks it.
 */
@Injectable()
export class BundledTranslateLoader extends TranslateLoader {
  override getTranslation(lang: string): Observable<TranslationObject> {
    return from(loadTranslations(lang as Language));
  }
}

async function loadTranslations(lang: Language): Promise<TranslationObject> {
  if (lang === 'ru') return (await import('./translations/ru')).RU as unknown as TranslationObject;
  return EN as unknown as TranslationObject;
}
