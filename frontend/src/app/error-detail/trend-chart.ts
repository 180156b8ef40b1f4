import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ChartConfiguration } from 'chart.js';
import { TrendView } from '@periskop/wire/api';
import { BaseChartDirective } from 'ng2-charts';
import { CHART_PALETTES } from '../shared/charts/chart-setup';
import { Clock } from '../shared/time/clock';
import { Theme } from '../shared/theme/theme';
import { fillBuckets } from './trend-buckets';

/** Occurrences over time for one key: 24 hours by minute or 30 days by hour. */
@Component({
  selector: 'app-trend-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chart">
      <canvas baseChart type="bar" [data]="data()" [options]="options()" role="img" [attr.aria-label]="summary()"></canvas>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart {
      position: relative;
      height: 170px;
    }
  `,
})
export class TrendChart {
  readonly trend = input.required<TrendView>();
  private readonly theme = inject(Theme);
  private readonly clock = inject(Clock);

  private readonly filled = computed(() => fillBuckets(this.trend().buckets, this.trend().resolution, this.clock.now() / 1000));

  protected readonly summary = computed(() => {
    const total = this.filled().reduce((n, b) => n + b.count, 0);
    const window = this.trend().resolution === 'minute' ? 'last 24 hours' : 'last 30 days';
    return `${total} occurrences in the ${window}`;
  });

  protected readonly data = computed<ChartConfiguration<'bar'>['data']>(() => {
    const palette = CHART_PALETTES[this.theme.mode()];
    const buckets = this.filled();
    const minute = this.trend().resolution === 'minute';
    return {
      labels: buckets.map((b) => bucketLabel(b.t, minute)),
      datasets: [
        {
          data: buckets.map((b) => b.count),
          backgroundColor: palette.line,
          hoverBackgroundColor: palette.line,
          borderWidth: 0,
          barPercentage: 1,
          categoryPercentage: 1,
        },
      ],
    };
  });

  protected readonly options = computed<ChartConfiguration<'bar'>['options']>(() => {
    const palette = CHART_PALETTES[this.theme.mode()];
    const minute = this.trend().resolution === 'minute';
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          grid: { display: false },
          ticks: { color: palette.text, maxRotation: 0, autoSkip: true, maxTicksLimit: minute ? 9 : 8 },
          border: { color: palette.grid },
        },
        y: {
          beginAtZero: true,
          grid: { color: palette.grid },
          border: { display: false },
          ticks: { color: palette.text, precision: 0, maxTicksLimit: 5 },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: { displayColors: false, callbacks: { label: (item) => `${item.formattedValue} occurrences` } },
      },
    };
  });
}

function bucketLabel(t: number, minute: boolean): string {
  const d = new Date(t * 1000);
  const hh = String(d.getHours()).padStart(2, '0');
  if (minute) {
    return `${hh}:${String(d.getMinutes()).padStart(2, '0')}`;
  }
  return `${d.getMonth() + 1}/${d.getDate()} ${hh}:00`;
}
