import { computed, inject, Injectable, signal } from '@angular/core';
import type {
  AgentStatusChangedEvent,
  AgentStatusView,
  ChannelStatusData,
  OperatorStatusData,
  QueueStatusData,
} from '@cc/contracts';
import type { LiveRoomState, LiveRoomWatch } from '@cc/realtime-client';
import { AgentStatusApi } from '../agent/agent-status.api';
import { AUTH_CLOCK } from '../auth/auth.service';
import { RealtimeService } from '../realtime/realtime.service';
import { applyStatusChange } from './agent-status.merge';
import { appendSample, type QueueSample } from './queue-history';

export type LiveConnection = 'connecting' | 'live' | 'reconnecting';

const SAMPLE_EVERY_MS = 10_000;
const FLUSH_EVERY_MS = 200;

/**
 * The live contact centre for supervisor pages: the `live` room of the realtime gateway (snapshot, then
 * sequenced changes; the typed client resyncs after a gap), every agent's platform status (read once,
 * then `agent:status_changed` pushes), a 30-minute history per queue for the charts, and whether the
 * feed is live. One instance shared by the dashboard and the wallboard.
 */
@Injectable({ providedIn: 'root' })
export class LiveStateService {
  private readonly realtime = inject(RealtimeService);
  private readonly agentsApi = inject(AgentStatusApi);
  private readonly now = inject(AUTH_CLOCK);
  private readonly operatorsState = signal<OperatorStatusData[]>([]);
  private readonly channelsState = signal<ChannelStatusData[]>([]);
  private readonly queuesState = signal<QueueStatusData[]>([]);
  private readonly roomStatus = signal<'loading' | 'live' | 'resyncing'>('loading');
  private readonly agentsState = signal<AgentStatusView[]>([]);
  private readonly historyState = signal<QueueSample[]>([]);
  private readonly agentsAvailable = signal(true);
  private watch: LiveRoomWatch | null = null;
  private unsubscribe: (() => void) | null = null;
  private sampler: ReturnType<typeof setInterval> | null = null;
  private pending = false;
  private flushedAt = 0;
  private roomState: LiveRoomState | null = null;
  private statusChanges: AgentStatusChangedEvent[] = [];
  private users = 0;

  readonly operators = this.operatorsState.asReadonly();
  readonly channels = this.channelsState.asReadonly();
  readonly queues = this.queuesState.asReadonly();
  readonly agents = this.agentsState.asReadonly();
  readonly history = this.historyState.asReadonly();
  readonly agentStatusAvailable = this.agentsAvailable.asReadonly();
  readonly connection = computed((): LiveConnection => {
    const socket = this.realtime.connection();
    if (socket === 'reconnecting' || this.roomStatus() === 'resyncing') return 'reconnecting';
    return this.roomStatus() === 'live' && socket === 'live' ? 'live' : 'connecting';
  });

  /** Pages call this on entry and `release` on exit; the feed runs while anyone looks. */
  acquire(): void {
    this.users += 1;
    if (this.watch) return;
    this.watch = this.realtime.watchLive('live', (state) => this.schedule(state));
    this.watch.ready.then(
      () => this.schedule(this.watch?.state ?? null),
      () => this.roomStatus.set('loading'),
    );
    const offStatus = this.realtime.on('agent:status_changed', (event) => {
      this.statusChanges.push(event);
      this.frame();
    });
    // After a reconnect the statuses are read again: pushes sent while the socket was down are gone.
    const offConnect = this.realtime.on('connected', () => void this.loadAgents());
    this.unsubscribe = () => {
      offStatus();
      offConnect();
    };
    void this.loadAgents();
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.sample();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.watch) return;
    void this.watch.close().catch(() => undefined);
    this.watch = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }

  private async loadAgents(): Promise<void> {
    try {
      this.agentsState.set(await this.agentsApi.list());
      this.agentsAvailable.set(true);
    } catch {
      this.agentsAvailable.set(false);
    }
  }

  // A burst of changes is copied into the signals in one go, not once per message, on an animation
  // frame at least FLUSH_EVERY_MS after the last copy: the grid and charts re-render at most five times a
  // second however fast Asterisk talks (at 200 changes a second, every frame would carry one), and the
  // first change after a quiet spell still shows on the next frame.
  private schedule(state: LiveRoomState | null): void {
    if (!state) return;
    this.roomStatus.set(state.status);
    this.roomState = state;
    this.frame();
  }

  private frame(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = this.flushedAt + FLUSH_EVERY_MS - this.now();
    if (wait <= 0) requestAnimationFrame(() => this.flush());
    else setTimeout(() => requestAnimationFrame(() => this.flush()), wait);
  }

  private flush(): void {
    this.pending = false;
    this.flushedAt = this.now();
    const state = this.roomState;
    this.roomState = null;
    if (state) {
      this.operatorsState.set([...state.operators.values()]);
      this.channelsState.set([...state.channels.values()]);
      this.queuesState.set([...state.queues.values()]);
      this.roomStatus.set(state.status);
    }
    const changes = this.statusChanges;
    this.statusChanges = [];
    if (changes.length > 0)
      this.agentsState.update((agents) =>
        changes.reduce((list, event) => applyStatusChange(list, event), agents),
      );
  }

  private sample(): void {
    const queues = this.queuesState();
    if (queues.length === 0) return;
    this.historyState.update((history) => appendSample(history, queues, this.now()));
  }
}
