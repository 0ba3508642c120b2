import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { AppEvents } from '../events/app-events';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens';

/** Counts the pause drift the reconciler announces; the reconciler decides, this only reports. */
@Injectable()
export class PauseDriftMetrics {
  private readonly drift: Counter<string>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.drift = new Counter({
      name: 'agent_status_pause_drift_total',
      help: "Queue memberships whose pause in Asterisk differed from the agent's status and were fixed",
      registers: [registry],
    });
  }

  @OnAppEvent('agent.pause.drift.detected')
  onDrift(_event: AppEvents['agent.pause.drift.detected']): void {
    this.drift.inc();
  }
}
