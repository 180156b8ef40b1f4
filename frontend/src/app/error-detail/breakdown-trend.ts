import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ChartConfiguration } from 'chart.js';
import { BreakdownValue } from '@periskop/wire/api';
import { BaseChartDirective } from 'ng2-charts';
import { CHART_PALETTES } from '../shared/charts/chart-setup';
import { Theme } from '../shared/theme/theme';

/** One colour per value, in the table's order; mid tones that read on light and dark cards. */
export const VALUE_COLORS = ['#2f6fd6', '#e09b1a', '#30a46c', '#e5484d', '#8e4ec6', '#12a594', '#d6409f', '#6e56cf'];
const OTHER_COLOR = '#8b8d98';

export function valueColor(index: number, other = false): string {
  return other ? OTHER_COLOR : VALUE_COLORS[index % VALUE_COLORS.length];
}

/**
 * The values' hourly trends (the API's `trend`, last 24 hours, oldest first) as stacked bar
 * datasets, one per value in the given order. Values without occurrences in the window are left
 * out; an empty list means nothing to draw.
 */
export function stackedTrend(values: readonly BreakdownValue[]): ChartConfiguration<'bar'>['data'] {
  const hours = Math.max(0, ...values.map((v) => v.trend?.length ?? 0));
  const datasets = values
    .map((v, i) => ({ v, color: valueColor(i, v.other) }))
    .filter(({ v }) => (v.trend ?? []).some((c) => c > 0))
    .map(({ v, color }) => ({
      label: v.other ? 'other' : v.value,
      data: Array.from({ length: hours }, (_, h) => v.trend?.[h - (hours - (v.trend?.length ?? 0))] ?? 0),
      backgroundColor: color,
      hoverBackgroundColor: color,
      borderWidth: 0,
      barPercentage: 0.9,
      categoryPercentage: 1,
      stack: 'values',
    }));
  return { labels: Array.from({ length: hours }, (_, h) => hourLabel(hours - 1 - h)), datasets: datasets.length > 0 ? datasets : [] };
}

function hourLabel(hoursAgo: number): string {
  return hoursAgo === 0 ? 'this hour' : `${hoursAgo}h ago`;
}

/** A small stacked bar chart: occurrences per hour of each label value over the last 24 hours. */
@Component({
  selector: 'app-breakdown-trend',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (data().datasets.length > 0) {
      <div class="chart">
        <canvas baseChart type="bar" [data]="data()" [options]="options()" role="img" [attr.aria-label]="summary()"></canvas>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .chart {
      position: relative;
      height: 72px;
      padding: 4px 14px 8px;
    }
  `,
})
export class BreakdownTrend {
  readonly label = input.required<string>();
  readonly values = input.required<readonly BreakdownValue[]>();
  private readonly theme = inject(Theme);

  protected readonly data = computed(() => stackedTrend(this.values()));
  protected readonly summary = computed(
    () =>
      `Occurrences per hour by ${this.label()} over the last 24 hours: ${this.data()
        .datasets.map((d) => `${d.label} ${(d.data as number[]).reduce((a, b) => a + b, 0)}`)
        .join(', ')}`,
  );
  protected readonly options = computed<ChartConfiguration<'bar'>['options']>(() => {
    const palette = CHART_PALETTES[this.theme.mode()];
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, display: false },
        y: { stacked: true, beginAtZero: true, grid: { color: palette.grid }, border: { display: false }, ticks: { color: palette.text, precision: 0, maxTicksLimit: 3 } },
      },
      plugins: { legend: { display: false }, tooltip: { bodyFont: { size: 11 }, titleFont: { size: 11 } } },
    };
  });
}
