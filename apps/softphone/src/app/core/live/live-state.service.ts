import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { LiveStatusSnapshot } from '@cc/contracts';
import { firstValueFrom } from 'rxjs';
import { AUTH_CLOCK } from '../auth/auth.service';
import { type AgentView, AgentStatusApi } from '../agent/agent-status.api';
import { appendSample, type QueueSample } from './queue-history';

export type LiveConnection = 'connecting' | 'live' | 'reconnecting';

// Until the realtime gateway's typed client (issue 10) is merged, the whole picture is re-read on this
// period; its snapshot-then-stream replaces the timer and keeps this service's signals as they are.
const REFRESH_MS = 1_000;
const SAMPLE_EVERY_MS = 10_000;

/**
 * The live contact centre for supervisor pages: the live-state snapshot (operators, channels, queues),
 * every agent's platform status, a 30-minute history per queue for the charts, and whether the feed is
 * live or reconnecting. One instance for the dashboard and the wallboard.
 */
@Injectable({ providedIn: 'root' })
export class LiveStateService {
  private readonly http = inject(HttpClient);
  private readonly agentsApi = inject(AgentStatusApi);
  private readonly now = inject(AUTH_CLOCK);
  private readonly snapshotState = signal<LiveStatusSnapshot | null>(null);
  private readonly agentsState = signal<AgentView[]>([]);
  private readonly connectionState = signal<LiveConnection>('connecting');
  private readonly historyState = signal<QueueSample[]>([]);
  private readonly agentsAvailable = signal(true);
  private timer: ReturnType<typeof setInterval> | null = null;
  private users = 0;
  private lastSampleAt = 0;

  readonly snapshot = this.snapshotState.asReadonly();
  readonly agents = this.agentsState.asReadonly();
  readonly connection = this.connectionState.asReadonly();
  readonly history = this.historyState.asReadonly();
  readonly agentStatusAvailable = this.agentsAvailable.asReadonly();
  readonly queues = computed(() => this.snapshotState()?.queues ?? []);
  readonly operators = computed(() => this.snapshotState()?.operators ?? []);
  readonly channels = computed(() => this.snapshotState()?.channels ?? []);
  /** Postgres answered instead of Redis: the live picture is stale. */
  readonly degraded = computed(() => this.snapshotState()?.source === 'db');

  /** Pages call this on entry and `release` on exit; the feed runs while anyone looks. */
  acquire(): void {
    this.users += 1;
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    try {
      const snapshot = await firstValueFrom(this.http.get<LiveStatusSnapshot>('/api/queue-status/snapshot'));
      this.snapshotState.set(snapshot);
      this.connectionState.set('live');
      const at = this.now();
      if (at - this.lastSampleAt >= SAMPLE_EVERY_MS) {
        this.lastSampleAt = at;
        this.historyState.update((history) => appendSample(history, snapshot.queues, at));
      }
    } catch {
      this.connectionState.set(this.snapshotState() ? 'reconnecting' : 'connecting');
    }
    try {
      this.agentsState.set(await this.agentsApi.list());
      this.agentsAvailable.set(true);
    } catch {
      this.agentsAvailable.set(false);
    }
  }
}
