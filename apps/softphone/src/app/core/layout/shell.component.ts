import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { UserRole } from '@cc/contracts';
import { TranslatePipe } from '@ngx-translate/core';
import { LucideAngularModule, Moon, Sun } from 'lucide-angular';
import { PhoneService } from '../../phone/sip/phone.service';
import { AuthService } from '../auth/auth.service';
import { roleAtLeast } from '../auth/role-access.policy';
import { LanguageService } from '../i18n/language.service';
import { LANGUAGE_NAMES, LANGUAGES, parseLanguage } from '../i18n/languages';
import { ThemeService } from '../theme/theme.service';

interface NavEntry {
  path: string;
  label: string;
  requires: UserRole;
}

const NAV: readonly NavEntry[] = [
  { path: '/phone', label: 'nav.phone', requires: 'operator' },
  { path: '/dashboard', label: 'nav.dashboard', requires: 'supervisor' },
  { path: '/wallboard', label: 'nav.wallboard', requires: 'supervisor' },
  { path: '/admin', label: 'nav.admin', requires: 'admin' },
];

@Component({
  selector: 'cc-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe, LucideAngularModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip" href="#main">{{ 'nav.skip' | translate }}</a>
    <header class="bar">
      <span class="brand">{{ 'app.name' | translate }}</span>
      <nav [attr.aria-label]="'nav.main' | translate">
        @for (entry of nav(); track entry.path) {
          <a [routerLink]="entry.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            entry.label | translate
          }}</a>
        }
      </nav>
      <label class="cc-visually-hidden" for="language-select">{{ 'nav.language' | translate }}</label>
      <select id="language-select" [value]="language()" (change)="setLanguage($event)" data-testid="language">
        @for (lang of languages; track lang) {
          <option [value]="lang" [attr.lang]="lang">{{ languageNames[lang] }}</option>
        }
      </select>
      <button
        type="button"
        class="cc-button-quiet"
        (click)="theme.toggle()"
        [attr.aria-label]="(theme.theme() === 'dark' ? 'nav.lightTheme' : 'nav.darkTheme') | translate"
        data-testid="theme-toggle"
      >
        <lucide-icon [img]="theme.theme() === 'dark' ? icons.Sun : icons.Moon" aria-hidden="true" />
      </button>
      @if (user(); as u) {
        <span class="who">
          {{ u.username }}
          <span class="role"
            >({{ 'role.' + u.role | translate
            }}{{ u.extension ? ', ' + ('nav.ext' | translate) + ' ' + u.extension : '' }})</span
          >
        </span>
      }
      <button type="button" class="cc-button-quiet" (click)="logout()">
        {{ 'nav.signOut' | translate }}
      </button>
    </header>
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    .bar {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.5rem 1.5rem;
      background: var(--cc-surface);
      border-bottom: 1px solid var(--cc-border);
    }
    .brand {
      font-weight: 600;
    }
    nav {
      display: flex;
      gap: 0.75rem;
      flex: 1;
    }
    nav a {
      text-decoration: none;
      padding: 0.25rem 0.5rem;
      border-radius: var(--cc-radius);
    }
    nav a.active {
      background: var(--cc-bg);
      font-weight: 600;
    }
    select {
      font: inherit;
      padding: 0.3rem;
      border-radius: var(--cc-radius);
      border: 1px solid var(--cc-border);
      background: var(--cc-bg);
      color: inherit;
    }
    .role {
      color: var(--cc-muted);
    }
    .skip {
      position: absolute;
      left: -999px;
    }
    .skip:focus {
      left: 0.5rem;
      top: 0.5rem;
      z-index: 10;
      background: var(--cc-surface);
      padding: 0.5rem;
    }
    main {
      padding: 1rem 1.5rem;
      max-width: 80rem;
      margin: 0 auto;
    }
    lucide-icon {
      width: 1rem;
      height: 1rem;
      display: block;
    }
  `,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly phone = inject(PhoneService);
  private readonly languageService = inject(LanguageService);
  protected readonly theme = inject(ThemeService);

  protected readonly icons = { Moon, Sun };
  protected readonly languages = LANGUAGES;
  protected readonly languageNames = LANGUAGE_NAMES;
  protected readonly language = this.languageService.language;
  protected readonly user = this.auth.currentUser;
  protected readonly nav = computed(() => {
    const role = this.user()?.role;
    return role ? NAV.filter((entry) => roleAtLeast(role, entry.requires)) : [];
  });

  protected setLanguage(event: Event): void {
    void this.languageService.set(parseLanguage((event.target as HTMLSelectElement).value));
  }

  protected logout(): void {
    this.phone.disconnect();
    this.auth.logout();
    void this.router.navigateByUrl('/login');
  }
}
