import { inject, Injectable, signal } from '@angular/core';
import type { AgentStatus, AgentStatusView, PauseReason } from '@cc/contracts';
import { AgentStatusApi } from '../../core/agent/agent-status.api';
import { applyStatusChange } from '../../core/live/agent-status.merge';
import { RealtimeService } from '../../core/realtime/realtime.service';

export type FeedState = 'loading' | 'ready' | 'unavailable';

/**
 * The signed-in operator's own agent status (read once, then `agent:status_changed` pushed to their
 * `agent:{extension}` room: ON_CALL, WRAP_UP and a supervisor's forced BREAK show as they happen), the
 * reason catalogue and today's call count.
 */
@Injectable({ providedIn: 'root' })
export class MyStatusService {
  private readonly api = inject(AgentStatusApi);
  private readonly realtime = inject(RealtimeService);
  private readonly agentState = signal<AgentStatusView | null>(null);
  private readonly reasonsState = signal<PauseReason[]>([]);
  private readonly callsState = signal<number | null>(null);
  private readonly feedState = signal<FeedState>('loading');
  private readonly errorState = signal<string | null>(null);
  private unsubscribe: (() => void) | null = null;
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
    const offStatus = this.realtime.on('agent:status_changed', (event) => {
      if (event.extension !== this.extension) return;
      const [next] = applyStatusChange(
        this.agentState() ? [this.agentState() as AgentStatusView] : [],
        event,
      );
      this.agentState.set(next);
      if (event.previousStatus === 'ON_CALL') void this.refreshCalls();
    });
    // Pushes sent while the socket was down are gone: read the status again on every (re)connection.
    const offConnect = this.realtime.on('connected', () => void this.refresh());
    this.unsubscribe = () => {
      offStatus();
      offConnect();
    };
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
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
    try {
      this.agentState.set(await this.api.me());
      this.feedState.set('ready');
    } catch {
      this.feedState.set('unavailable');
    }
    await this.refreshCalls();
  }

  private async refreshCalls(): Promise<void> {
    const extension = this.extension;
    if (!extension) return;
    await this.api.metrics(extension).then(
      (metrics) => this.callsState.set(metrics.callsHandled),
      () => undefined,
    );
  }
}
