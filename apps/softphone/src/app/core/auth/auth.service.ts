import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, InjectionToken, signal } from '@angular/core';
import type { AuthenticatedUser, LoginRequest, LoginResponse } from '@cc/contracts';
import { firstValueFrom } from 'rxjs';
import {
  type AuthSession,
  decodeSession,
  encodeSession,
  isSessionExpired,
  sessionFromLogin,
} from './auth-session.codec';
import { type LoginFailure, loginFailureFromStatus } from './login-failure.mapper';

/** sessionStorage: the token lives as long as the tab, and never leaks into other tabs or windows. */
export const AUTH_STORAGE = new InjectionToken<Storage>('AUTH_STORAGE', {
  providedIn: 'root',
  factory: () => sessionStorage,
});

/** Date.now behind a token so expiry can be driven by a fake clock. */
export const AUTH_CLOCK = new InjectionToken<() => number>('AUTH_CLOCK', {
  providedIn: 'root',
  factory: () => () => Date.now(),
});

export type LoginResult = { ok: true; user: AuthenticatedUser } | { ok: false; failure: LoginFailure };

const STORAGE_KEY = 'cc.auth.session';
const LOGIN_URL = '/api/auth/login';

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly storage = inject(AUTH_STORAGE);
  private readonly now = inject(AUTH_CLOCK);

  private readonly session = signal<AuthSession | null>(this.restore());

  readonly currentSession = this.session.asReadonly();
  readonly currentUser = computed(() => this.session()?.user ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);

  async login(credentials: LoginRequest): Promise<LoginResult> {
    try {
      const response = await firstValueFrom(this.http.post<LoginResponse>(LOGIN_URL, credentials));
      this.store(sessionFromLogin(response, this.now()));
      return { ok: true, user: response.user };
    } catch (error: unknown) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      return { ok: false, failure: loginFailureFromStatus(status) };
    }
  }

  logout(): void {
    this.store(null);
  }

  /** The token to send, or null once it has expired (which also ends the session). */
  accessToken(): string | null {
    return this.validSession()?.accessToken ?? null;
  }

  /** Signals do not tick with the clock, so guards ask here to get expiry checked at navigation time. */
  hasValidSession(): boolean {
    return this.validSession() !== null;
  }

  isLoginRequest(url: string): boolean {
    return url === LOGIN_URL || url.endsWith(LOGIN_URL);
  }

  private validSession(): AuthSession | null {
    const current = this.session();
    if (current && isSessionExpired(current, this.now())) {
      this.store(null);
      return null;
    }
    return current;
  }

  private restore(): AuthSession | null {
    try {
      return decodeSession(this.storage.getItem(STORAGE_KEY), this.now());
    } catch {
      // Storage can throw when the browser blocks it (privacy modes, sandboxed iframes).
      return null;
    }
  }

  private store(next: AuthSession | null): void {
    this.session.set(next);
    try {
      if (next) this.storage.setItem(STORAGE_KEY, encodeSession(next));
      else this.storage.removeItem(STORAGE_KEY);
    } catch {
      // Without storage the session still works for this page load; it just won't survive a reload.
    }
  }
}
