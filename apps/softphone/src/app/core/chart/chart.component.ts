import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  viewChild,
} from '@angular/core';
import {
  ArcElement,
  CategoryScale,
  Chart,
  type ChartData,
  type ChartType,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only what our charts draw, so the rest of Chart.js is tree-shaken out of the bundle.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  DoughnutController,
  ArcElement,
  Legend,
  Tooltip,
);

/**
 * A Chart.js canvas. New data updates the existing chart without animation (a live dashboard redraws
 * every second; animating each redraw would keep the main thread busy).
 */
@Component({
  selector: 'cc-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<canvas #canvas role="img" [attr.aria-label]="label()"></canvas>`,
  styles: `
    :host {
      display: block;
      position: relative;
      height: 100%;
      min-height: 8rem;
    }
  `,
})
export class ChartComponent {
  readonly type = input.required<ChartType>();
  readonly data = input.required<ChartData>();
  readonly label = input.required<string>();
  readonly yMax = input<number | null>(null);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;
  private redraw: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    afterNextRender(() => {
      const style = getComputedStyle(document.documentElement);
      const text = style.getPropertyValue('--cc-muted').trim() || '#666';
      const max = this.yMax();
      this.chart = new Chart(this.canvas().nativeElement, {
        type: this.type(),
        data: this.data(),
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
          scales:
            this.type() === 'line'
              ? {
                  x: { ticks: { color: text, maxTicksLimit: 6 } },
                  y: { beginAtZero: true, ticks: { color: text }, ...(max !== null ? { max } : {}) },
                }
              : {},
        },
      });
    });
    effect(() => {
      const data = this.data();
      if (!this.chart) return;
      this.chart.data = data;
      // Redrawn in a task of its own, not inside change detection: a sample that changes several
      // charts at once would otherwise redraw them all in one task, a long task of their sum.
      this.redraw ??= setTimeout(() => {
        this.redraw = null;
        this.chart?.update('none');
      });
    });
    inject(DestroyRef).onDestroy(() => {
      if (this.redraw) clearTimeout(this.redraw);
      this.chart?.destroy();
    });
  }
}
