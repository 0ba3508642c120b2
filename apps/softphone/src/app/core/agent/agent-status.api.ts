import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AgentStatusView, PauseReason, SetAgentStatusRequest, SpyMode, SpyResult } from '@cc/contracts';
import { firstValueFrom } from 'rxjs';

/** Per-agent figures of `GET /api/agents/:extension/metrics` (issue 9); optional until that route exists. */
export interface AgentMetricsView {
  extension: string;
  callsHandled: number;
  averageHandleSec: number | null;
}

@Injectable({ providedIn: 'root' })
export class AgentStatusApi {
  private readonly http = inject(HttpClient);

  me(): Promise<AgentStatusView> {
    return firstValueFrom(this.http.get<AgentStatusView>('/api/me/agent'));
  }

  list(): Promise<AgentStatusView[]> {
    return firstValueFrom(this.http.get<AgentStatusView[]>('/api/agents'));
  }

  setStatus(extension: string, request: SetAgentStatusRequest): Promise<AgentStatusView> {
    return firstValueFrom(
      this.http.put<AgentStatusView>(`/api/agents/${encodeURIComponent(extension)}/status`, request),
    );
  }

  pauseReasons(): Promise<PauseReason[]> {
    return firstValueFrom(this.http.get<PauseReason[]>('/api/pause-reasons'));
  }

  metrics(extension: string): Promise<AgentMetricsView> {
    return firstValueFrom(
      this.http.get<AgentMetricsView>(`/api/agents/${encodeURIComponent(extension)}/metrics`),
    );
  }

  allMetrics(): Promise<AgentMetricsView[]> {
    return firstValueFrom(this.http.get<AgentMetricsView[]>('/api/agents/metrics'));
  }

  spy(extension: string, mode: SpyMode): Promise<SpyResult> {
    return firstValueFrom(this.http.post<SpyResult>('/api/supervisor/spy', { extension, mode }));
  }
}
