import { inject, Injectable, signal } from '@angular/core';
import type { AgentStatus } from '@cc/contracts';
import { type AgentView, AgentStatusApi, type PauseReasonView } from '../../core/agent/agent-status.api';

export type FeedState = 'loading' | 'ready' | 'unavailable';

// Until the realtime gateway's typed client is merged (issue 10), the status is re-read on this period;
// the `agent:{extension}` room replaces the timer with pushes.
const REFRESH_MS = 2_000;

/** The signed-in operator's own agent status, its reason catalogue and today's call count. */
@Injectable({ providedIn: 'root' })
export class MyStatusService {
  private readonly api = inject(AgentStatusApi);
  private readonly agentState = signal<AgentView | null>(null);
  private readonly reasonsState = signal<PauseReasonView[]>([]);
  private readonly callsState = signal<number | null>(null);
  private readonly feedState = signal<FeedState>('loading');
  private readonly errorState = signal<string | null>(null);
  private timer: ReturnType<typeof setInterval> | null = null;
  private extension: string | null = null;

  readonly agent = this.agentState.asReadonly();
  readonly reasons = this.reasonsState.asReadonly();
  readonly callsToday = this.callsState.asReadonly();
  readonly feed = this.feedState.asReadonly();
  readonly error = this.errorState.asReadonly();

  start(extension: string): void {
    if (this.extension === extension) return;
    this.stop();
    this.extension = extension;
    void this.api.pauseReasons().then(
      (reasons) => this.reasonsState.set(reasons),
      () => this.reasonsState.set([]),
    );
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.extension = null;
  }

  async choose(status: AgentStatus, reason: string | null): Promise<boolean> {
    const extension = this.extension;
    if (!extension) return false;
    try {
      const view = await this.api.setStatus(extension, reason ? { status, reason } : { status });
      this.agentState.set(view);
      this.errorState.set(null);
      return true;
    } catch {
      this.errorState.set('status.saveFailed');
      return false;
    }
  }

  private async refresh(): Promise<void> {
    const extension = this.extension;
    if (!extension) return;
    try {
      this.agentState.set(await this.api.me());
      this.feedState.set('ready');
    } catch {
      this.feedState.set('unavailable');
    }
    this.api.metrics(extension).then(
      (metrics) => this.callsState.set(metrics.callsHandled),
      () => undefined,
    );
  }
}
