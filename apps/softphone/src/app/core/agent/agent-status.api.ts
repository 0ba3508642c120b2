import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AgentStatus, AgentStatusChangedEvent } from '@cc/contracts';
import { firstValueFrom } from 'rxjs';

/**
 * The agent-status REST routes (issue 9). Their contracts are not in libs/contracts yet, so the shapes
 * the app relies on are declared here, as picks of what the issue specifies; swap for the shared types
 * when they land.
 */
export type AgentView = Pick<
  AgentStatusChangedEvent,
  'extension' | 'status' | 'previousStatus' | 'reason' | 'statusChangedAt' | 'nextStatus'
> & { name?: string | null };

export interface PauseReasonView {
  code: string;
  label: string;
  status: AgentStatus;
  paid: boolean;
  maxDurationSec: number | null;
}

export interface AgentMetricsView {
  extension: string;
  callsHandled: number;
  averageHandleSec: number | null;
}

export interface SetStatusRequest {
  status: AgentStatus;
  reason?: string;
}

export type SpyMode = 'listen' | 'whisper' | 'barge';

@Injectable({ providedIn: 'root' })
export class AgentStatusApi {
  private readonly http = inject(HttpClient);

  me(): Promise<AgentView> {
    return firstValueFrom(this.http.get<AgentView>('/api/me/agent'));
  }

  list(): Promise<AgentView[]> {
    return firstValueFrom(this.http.get<AgentView[]>('/api/agents'));
  }

  setStatus(extension: string, request: SetStatusRequest): Promise<AgentView> {
    return firstValueFrom(
      this.http.put<AgentView>(`/api/agents/${encodeURIComponent(extension)}/status`, request),
    );
  }

  pauseReasons(): Promise<PauseReasonView[]> {
    return firstValueFrom(this.http.get<PauseReasonView[]>('/api/pause-reasons'));
  }

  metrics(extension: string): Promise<AgentMetricsView> {
    return firstValueFrom(
      this.http.get<AgentMetricsView>(`/api/agents/${encodeURIComponent(extension)}/metrics`),
    );
  }

  allMetrics(): Promise<AgentMetricsView[]> {
    return firstValueFrom(this.http.get<AgentMetricsView[]>('/api/agents/metrics'));
  }

  spy(extension: string, mode: SpyMode): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/supervisor/spy', { extension, mode }));
  }
}
