import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { DecimalPipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { AGENT_STATUSES, type AgentStatus, type SpyMode } from '@cc/contracts';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import type { ChartData } from 'chart.js';
import { AgentStatusApi } from '../core/agent/agent-status.api';
import { serverReasonKey } from '../core/agent/agent-status.policy';
import { ChartComponent } from '../core/chart/chart.component';
import { ClockService } from '../core/clock/clock.service';
import { LanguageService } from '../core/i18n/language.service';
import { LiveStateService } from '../core/live/live-state.service';
import { historySeries } from '../core/live/queue-history';
import { formatElapsed } from '../phone/domain/elapsed';
import { AlarmListComponent } from './alarm-list.component';
import { AlarmSoundService } from './alarm-sound.service';
import {
  activeCalls,
  type AgentRow,
  type AgentSort,
  agentRows,
  filterAgentRows,
  pageOf,
} from './domain/agent-rows';
import { SupervisorAlarmsService } from './supervisor-alarms.service';

const PALETTE = [
  '#1f6feb',
  '#2da44e',
  '#d29922',
  '#cf222e',
  '#8250df',
  '#1b7c83',
  '#bf3989',
  '#6e7781',
  '#953800',
];
const PAGE_SIZE = 50;

@Component({
  selector: 'cc-dashboard',
  imports: [DecimalPipe, FormsModule, TranslatePipe, ChartComponent, AlarmListComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.component.html',
  styleUrl: './dashboard.component.css',
})
export class DashboardComponent {
  private readonly api = inject(AgentStatusApi);
  private readonly clock = inject(ClockService);
  private readonly translate = inject(TranslateService);
  private readonly language = inject(LanguageService).language;
  protected readonly live = inject(LiveStateService);
  protected readonly alarmsService = inject(SupervisorAlarmsService);
  protected readonly sound = inject(AlarmSoundService);

  protected readonly statuses = AGENT_STATUSES;
  protected readonly queueFilter = signal<string>('');
  protected readonly search = signal('');
  protected readonly sort = signal<AgentSort>('extension');
  protected readonly forceStatus = signal<AgentStatus>('BREAK');
  protected readonly notice = signal<{ key: string; params?: Record<string, string> } | null>(null);

  // The texts every row of the grid repeats (and the status names the doughnut shows), translated once
  // per language: as impure pipes they were looked up again on each of 50 rows at every change
  // detection, five times a second under load.
  protected readonly texts = computed(() => {
    this.language();
    const t = (key: string): string => this.translate.instant(key) as string;
    return {
      reason: t('dashboard.force.reason'),
      apply: t('dashboard.force.apply'),
      listen: t('dashboard.spy.listen'),
      whisper: t('dashboard.spy.whisper'),
      barge: t('dashboard.spy.barge'),
      status: Object.fromEntries(
        [...AGENT_STATUSES, 'UNKNOWN'].map((status) => [status, t(`status.name.${status}`)]),
      ) as Record<AgentStatus | 'UNKNOWN', string>,
    };
  });

  protected readonly page = signal(0);
  private readonly allRows = computed(() => agentRows(this.live.agents(), this.live.operators()));
  private readonly rows = computed(() =>
    filterAgentRows(this.allRows(), {
      queue: this.queueFilter() || null,
      search: this.search(),
      sort: this.sort(),
    }),
  );
  protected readonly agentPage = computed(() => pageOf(this.rows(), this.page(), PAGE_SIZE));
  protected readonly calls = computed(() => activeCalls(this.live.channels()));
  protected readonly queueNames = computed(() => this.live.queues().map((queue) => queue.name));

  private readonly timeFormat = computed(
    () => new Intl.DateTimeFormat(this.language(), { hour: '2-digit', minute: '2-digit' }),
  );
  // Both line charts read one pass over the history and one set of labels, made once per sample.
  private readonly history = computed(() => historySeries(this.live.history()));
  // One formatter for all labels: toLocaleTimeString builds a new one per call, which at the full
  // 30-minute window cost more than the chart itself.
  private readonly historyLabels = computed(() => {
    const time = this.timeFormat();
    return this.history().times.map((at) => time.format(at));
  });
  protected readonly waitingChart = computed(() => this.historyChart('waiting'));
  protected readonly serviceLevelChart = computed(() => this.historyChart('serviceLevelPct'));
  // Redrawn with the clock, once a second: a chart redrawn at every frame of a burst is a busy main
  // thread for a picture nobody can read that fast.
  protected readonly distributionChart = computed((): ChartData => {
    this.clock.now();
    return untracked(() => this.distribution());
  });

  private distribution(): ChartData {
    const counts = new Map<AgentStatus | 'UNKNOWN', number>();
    for (const row of this.allRows()) {
      const key = row.status ?? 'UNKNOWN';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const labels = [...counts.keys()];
    const names = this.texts().status;
    return {
      labels: labels.map((status) => names[status]),
      datasets: [{ data: labels.map((status) => counts.get(status) ?? 0), backgroundColor: PALETTE }],
    };
  }

  constructor() {
    this.live.acquire();
    inject(DestroyRef).onDestroy(() => this.live.release());
  }

  protected reasonKey(reason: string | null): string | null {
    return serverReasonKey(reason);
  }

  protected elapsed(since: string | null): string {
    return since ? formatElapsed(this.clock.now() - Date.parse(since)) : '—';
  }

  protected async force(row: AgentRow, reasonInput: HTMLInputElement): Promise<void> {
    const reason = reasonInput.value.trim();
    try {
      await this.api.setStatus(
        row.extension,
        reason ? { status: this.forceStatus(), reason } : { status: this.forceStatus() },
      );
      this.notice.set({ key: 'dashboard.forced', params: { extension: row.extension } });
      reasonInput.value = '';
    } catch {
      this.notice.set({ key: 'dashboard.forceFailed', params: { extension: row.extension } });
    }
  }

  protected async spy(row: AgentRow, mode: SpyMode): Promise<void> {
    try {
      await this.api.spy(row.extension, mode);
      this.notice.set({ key: 'dashboard.spyStarted', params: { extension: row.extension } });
    } catch {
      this.notice.set({ key: 'dashboard.spyFailed', params: { extension: row.extension } });
    }
  }

  private historyChart(field: 'waiting' | 'serviceLevelPct'): ChartData {
    return {
      labels: this.historyLabels(),
      datasets: this.history().lines.map((line, index) => ({
        label: line.queue,
        data: line[field],
        borderColor: PALETTE[index % PALETTE.length],
        backgroundColor: PALETTE[index % PALETTE.length],
        pointRadius: 0,
        tension: 0.2,
      })),
    };
  }
}
