import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

interface ReadinessReport {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down' | 'disabled' }>;
}

// A dead AMI or Redis link is an alarm, not a detail: /health/ready is cheap and is asked on this period.
const REFRESH_MS = 10_000;

/** Which of the back end's dependencies (AMI, Redis, Postgres...) are down, for the alarm list. */
@Injectable({ providedIn: 'root' })
export class DependencyHealthService {
  private readonly http = inject(HttpClient);
  private readonly downState = signal<string[]>([]);
  private timer: ReturnType<typeof setInterval> | null = null;

  readonly down = this.downState.asReadonly();

  start(): void {
    if (this.timer) return;
    void this.read();
    this.timer = setInterval(() => void this.read(), REFRESH_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async read(): Promise<void> {
    let report: ReadinessReport | null = null;
    try {
      report = await firstValueFrom(this.http.get<ReadinessReport>('/health/ready'));
    } catch (error: unknown) {
      // 503 carries the same report, naming what is down.
      if (error instanceof HttpErrorResponse && error.status === 503) report = error.error as ReadinessReport;
    }
    const checks = report?.checks ?? {};
    this.downState.set(
      Object.entries(checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name]) => name)
        .sort(),
    );
  }
}
