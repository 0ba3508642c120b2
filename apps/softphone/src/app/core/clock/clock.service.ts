import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { AUTH_CLOCK } from '../auth/auth.service';

/** Wall-clock milliseconds as a signal ticking once a second, for timers on screen. */
@Injectable({ providedIn: 'root' })
export class ClockService {
  private readonly read = inject(AUTH_CLOCK);
  private readonly current = signal(this.read());
  readonly now = this.current.asReadonly();

  constructor() {
    const timer = setInterval(() => this.current.set(this.read()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
