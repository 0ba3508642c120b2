import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { AGENT_STATUSES, type AgentStatus } from '@cc/contracts';
import { TranslatePipe } from '@ngx-translate/core';
import {
  choiceIsDeferred,
  isSelectableStatus,
  reasonsFor,
  serverReasonKey,
} from '../../core/agent/agent-status.policy';
import { AuthService } from '../../core/auth/auth.service';
import { ClockService } from '../../core/clock/clock.service';
import { formatElapsed } from '../domain/elapsed';
import { MyStatusService } from './my-status.service';

/** The operator's status: the nine statuses, the reason catalogue, time in status, calls today. */
@Component({
  selector: 'cc-status-bar',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let agent = status.agent();
    <section class="bar cc-card" aria-labelledby="status-title" data-testid="status-bar">
      <h2 id="status-title" class="cc-visually-hidden">{{ 'status.title' | translate }}</h2>
      <div class="current">
        <span class="status-dot" [attr.data-status]="agent?.status ?? 'UNKNOWN'" aria-hidden="true"></span>
        <span data-testid="current-status">{{
          agent ? ('status.name.' + agent.status | translate) : ('status.unknown' | translate)
        }}</span>
        @if (agent?.reason; as reason) {
          <span class="muted" data-testid="current-reason"
            >· {{ reasonKey(reason) ? (reasonKey(reason)! | translate) : reason }}</span
          >
        }
        @if (inStatus(); as t) {
          <span class="muted" [attr.aria-label]="'status.timeInStatus' | translate">{{ t }}</span>
        }
      </div>
      <form class="choose" (ngSubmit)="apply()">
        <label for="status-select">{{ (deferred() ? 'status.next' : 'status.set') | translate }}</label>
        <select id="status-select" name="status" [ngModel]="chosen()" (ngModelChange)="choose($event)">
          @for (s of selectable; track s) {
            <option [value]="s">{{ 'status.name.' + s | translate }}</option>
          }
        </select>
        @if (reasons().length > 0) {
          <label for="reason-select">{{ 'status.reason' | translate }}</label>
          <select id="reason-select" name="reason" [ngModel]="reason()" (ngModelChange)="reason.set($event)">
            @for (r of reasons(); track r.code) {
              <option [value]="r.code">{{ r.label }}</option>
            }
          </select>
        }
        <button type="submit" class="cc-button-primary">{{ 'status.apply' | translate }}</button>
      </form>
      <div class="facts">
        @if (agent?.nextStatus; as next) {
          <span data-testid="next-status"
            >{{ 'status.nextIs' | translate }} {{ 'status.name.' + next | translate }}</span
          >
        }
        <span
          >{{ 'status.callsToday' | translate }}:
          <b data-testid="calls-today">{{ status.callsToday() ?? '—' }}</b></span
        >
      </div>
      @if (status.feed() === 'unavailable') {
        <p class="warning" role="status">{{ 'status.unavailable' | translate }}</p>
      }
      @if (status.error(); as e) {
        <p class="warning" role="alert">{{ e | translate }}</p>
      }
    </section>
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1.5rem;
      padding: 0.75rem 1rem;
    }
    .current {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-weight: 600;
    }
    .choose {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .facts {
      display: flex;
      gap: 1rem;
      margin-left: auto;
    }
    select {
      font: inherit;
      padding: 0.3rem;
      border-radius: var(--cc-radius);
      border: 1px solid var(--cc-border);
      background: var(--cc-bg);
      color: inherit;
    }
    .muted {
      color: var(--cc-muted);
      font-weight: 400;
    }
    .warning {
      flex-basis: 100%;
      margin: 0;
      color: var(--cc-danger);
    }
  `,
})
export class StatusBarComponent {
  private readonly auth = inject(AuthService);
  private readonly clock = inject(ClockService);
  protected readonly status = inject(MyStatusService);

  protected readonly selectable = AGENT_STATUSES.filter(isSelectableStatus);
  protected readonly chosen = signal<AgentStatus>('ONLINE');
  protected readonly reason = signal<string>('');
  protected readonly reasons = computed(() => reasonsFor(this.chosen(), this.status.reasons()));
  protected readonly deferred = computed(() => {
    const agent = this.status.agent();
    return agent ? choiceIsDeferred(agent.status) : false;
  });
  protected readonly inStatus = computed(() => {
    const since = this.status.agent()?.statusChangedAt;
    return since ? formatElapsed(this.clock.now() - Date.parse(since)) : null;
  });

  constructor() {
    effect(() => {
      const extension = this.auth.currentUser()?.extension;
      if (extension) this.status.start(extension);
    });
  }

  protected reasonKey(reason: string): string | null {
    return serverReasonKey(reason);
  }

  protected choose(status: AgentStatus): void {
    this.chosen.set(status);
    this.reason.set(reasonsFor(status, this.status.reasons())[0]?.code ?? '');
  }

  protected apply(): void {
    void this.status.choose(this.chosen(), this.reason() || null);
  }
}
