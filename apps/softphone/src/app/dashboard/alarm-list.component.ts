import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { formatElapsed } from '../phone/domain/elapsed';
import { type Alarm, alarmKey } from './domain/alarms';

@Component({
  selector: 'cc-alarm-list',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (alarms().length === 0) {
      <p class="none">{{ 'alarms.none' | translate }}</p>
    } @else {
      <ul data-testid="alarms">
        @for (alarm of alarms(); track key(alarm)) {
          <li [attr.data-kind]="alarm.kind">
            @switch (alarm.kind) {
              @case ('long-wait') {
                {{ 'alarms.longWait' | translate: { queue: queueOf(alarm), time: time(alarm) } }}
              }
              @case ('low-service-level') {
                {{ 'alarms.lowServiceLevel' | translate: { queue: queueOf(alarm), pct: pctOf(alarm) } }}
              }
              @case ('pause-overrun') {
                {{ 'alarms.pauseOverrun' | translate: { extension: extOf(alarm), time: time(alarm) } }}
              }
              @case ('dependency-down') {
                {{ 'alarms.dependencyDown' | translate: { name: dependencyOf(alarm) } }}
              }
              @case ('feed-down') {
                {{ 'alarms.feedDown' | translate }}
              }
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.25rem;
    }
    li {
      padding: 0.35rem 0.5rem;
      border-radius: var(--cc-radius);
      background: var(--cc-danger-bg);
      color: var(--cc-danger);
    }
    .none {
      color: var(--cc-muted);
      margin: 0;
    }
  `,
})
export class AlarmListComponent {
  readonly alarms = input.required<readonly Alarm[]>();

  protected key(alarm: Alarm): string {
    return alarmKey(alarm);
  }

  protected queueOf(alarm: Alarm): string {
    return 'queue' in alarm ? alarm.queue : '';
  }

  protected pctOf(alarm: Alarm): number {
    return 'pct' in alarm ? Math.round(alarm.pct) : 0;
  }

  protected extOf(alarm: Alarm): string {
    return 'extension' in alarm ? alarm.extension : '';
  }

  protected dependencyOf(alarm: Alarm): string {
    return 'dependency' in alarm ? alarm.dependency : '';
  }

  protected time(alarm: Alarm): string {
    return 'seconds' in alarm ? formatElapsed(alarm.seconds * 1000) : '';
  }
}
