import { HttpClient } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type { SipContactStatus } from '@cc/contracts';
import { firstValueFrom } from 'rxjs';

// Until the realtime gateway's `agent:{extension}` room is merged, Asterisk's view is re-read on this period.
const REFRESH_MS = 3_000;

/** The operator's contact as Asterisk reports it, to show beside what SIP.js believes. */
@Injectable({ providedIn: 'root' })
export class ContactStatusService {
  private readonly http = inject(HttpClient);
  private readonly current = signal<SipContactStatus | null>(null);
  private timer: ReturnType<typeof setInterval> | null = null;

  readonly contact = this.current.asReadonly();

  start(): void {
    if (this.timer) return;
    const read = (): void => {
      firstValueFrom(this.http.get<SipContactStatus>('/api/me/sip/contact')).then(
        (status) => this.current.set(status),
        () => this.current.set(null),
      );
    };
    read();
    this.timer = setInterval(read, REFRESH_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
