import { computed, effect, inject, Injectable, signal } from '@angular/core';
import { AgentStatusApi } from '../core/agent/agent-status.api';
import type { PauseReason } from '@cc/contracts';
import { ClockService } from '../core/clock/clock.service';
import { DependencyHealthService } from '../core/live/dependency-health.service';
import { LiveStateService } from '../core/live/live-state.service';
import { AlarmSoundService } from './alarm-sound.service';
import { alarmKey, alarmsFrom, DEFAULT_THRESHOLDS } from './domain/alarms';

/** Alarms for the dashboard and the wallboard, with a chime whenever one appears that was not there. */
@Injectable({ providedIn: 'root' })
export class SupervisorAlarmsService {
  private readonly live = inject(LiveStateService);
  private readonly clock = inject(ClockService);
  private readonly sound = inject(AlarmSoundService);
  private readonly health = inject(DependencyHealthService);
  private readonly reasons = signal<PauseReason[]>([]);
  private known = new Set<string>();

  readonly alarms = computed(() =>
    alarmsFrom({
      queues: this.live.queues(),
      agents: this.live.agents(),
      reasons: this.reasons(),
      dependenciesDown: this.health.down(),
      feedDown: this.live.connection() === 'reconnecting',
      nowMs: this.clock.now(),
      thresholds: DEFAULT_THRESHOLDS,
    }),
  );
  readonly alarmKeys = computed(() => new Set(this.alarms().map(alarmKey)));

  constructor() {
    this.health.start();
    inject(AgentStatusApi)
      .pauseReasons()
      .then(
        (reasons) => this.reasons.set(reasons),
        () => undefined,
      );
    effect(() => {
      const keys = this.alarmKeys();
      const fresh = [...keys].some((key) => !this.known.has(key));
      this.known = keys;
      if (fresh) this.sound.chime();
    });
  }
}
