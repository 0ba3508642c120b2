import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { LiveStateService } from '../core/live/live-state.service';
import { AlarmListComponent } from '../dashboard/alarm-list.component';
import { SupervisorAlarmsService } from '../dashboard/supervisor-alarms.service';
import { formatElapsed } from '../phone/domain/elapsed';

/** Numbers to read from across the room; no controls, no navigation. */
@Component({
  selector: 'cc-wallboard',
  imports: [DecimalPipe, TranslatePipe, AlarmListComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let keys = alarms.alarmKeys();
    <main class="board">
      <header>
        <h1>{{ 'wallboard.title' | translate }}</h1>
        <span class="conn" [attr.data-state]="live.connection()" role="status">{{
          'live.' + live.connection() | translate
        }}</span>
      </header>
      <div class="queues" data-testid="wallboard-queues">
        @for (q of queues(); track q.name) {
          <section class="queue" [attr.aria-label]="q.name">
            <h2>{{ q.name }}</h2>
            <dl>
              <div [class.alarm]="keys.has('long-wait:' + q.name)">
                <dt>{{ 'wallboard.waiting' | translate }}</dt>
                <dd>{{ q.callersWaiting }}</dd>
              </div>
              <div [class.alarm]="keys.has('long-wait:' + q.name)">
                <dt>{{ 'wallboard.longest' | translate }}</dt>
                <dd>{{ q.longest }}</dd>
              </div>
              <div [class.alarm]="keys.has('low-service-level:' + q.name)">
                <dt>{{ 'wallboard.serviceLevel' | translate }}</dt>
                <dd>{{ q.serviceLevelPct | number: '1.0-0' }}%</dd>
              </div>
              <div>
                <dt>{{ 'wallboard.available' | translate }}</dt>
                <dd>{{ q.available }}</dd>
              </div>
            </dl>
          </section>
        }
      </div>
      <section class="alarms" aria-labelledby="wb-alarms">
        <h2 id="wb-alarms">{{ 'alarms.title' | translate }}</h2>
        <cc-alarm-list [alarms]="alarms.alarms()" />
      </section>
    </main>
  `,
  styles: `
    .board {
      min-height: 100vh;
      padding: 1.5rem 2rem;
      display: grid;
      grid-template-rows: auto 1fr auto;
      gap: 1rem;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    h1 {
      font-size: 2rem;
      margin: 0;
    }
    .queues {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
      gap: 1rem;
    }
    .queue {
      background: var(--cc-surface);
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 1rem 1.25rem;
    }
    .queue h2 {
      font-size: 1.75rem;
      text-transform: capitalize;
    }
    dl {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.75rem;
      margin: 0;
    }
    dt {
      color: var(--cc-muted);
      font-size: 1.1rem;
    }
    dd {
      margin: 0;
      font-size: 3.25rem;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      line-height: 1.1;
    }
    .alarm dd {
      color: var(--cc-danger);
    }
    .alarms {
      font-size: 1.25rem;
    }
    .conn {
      font-size: 1.1rem;
    }
    .conn[data-state='reconnecting'] {
      color: var(--cc-danger);
    }
  `,
})
export class WallboardComponent {
  protected readonly live = inject(LiveStateService);
  protected readonly alarms = inject(SupervisorAlarmsService);
  protected readonly queues = computed(() =>
    this.live.queues().map((queue) => ({
      ...queue,
      longest: queue.callersWaiting ? formatElapsed(queue.longestWaitSec * 1000) : '—',
    })),
  );

  constructor() {
    this.live.acquire();
    inject(DestroyRef).onDestroy(() => this.live.release());
  }
}
