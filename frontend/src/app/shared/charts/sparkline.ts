import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ChartConfiguration } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { severityColor } from './chart-setup';

/**
 * Occurrences per hour over the last 24 hours as tiny bars. Fixed canvas size and no
 * responsiveness: a page shows 50 of these and none of them needs a resize observer.
 */
@Component({
  selector: 'app-sparkline',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (hasData()) {
      <canvas baseChart width="96" height="24" type="bar" [data]="data()" [options]="options" [attr.aria-label]="summary()" role="img"></canvas>
    } @else {
      <span class="none" [title]="'No occurrences in the last 24 hours'">—</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      width: 96px;
      height: 24px;
      align-items: center;
      justify-content: center;
    }
    .none {
      color: var(--mat-sys-outline);
    }
  `,
})
export class Sparkline {
  readonly values = input.required<readonly number[] | undefined>();
  readonly severity = input('error');

  protected readonly hasData = computed(() => (this.values() ?? []).some((v) => v > 0));
  protected readonly summary = computed(() => {
    const v = this.values() ?? [];
    return `${v.reduce((a, b) => a + b, 0)} occurrences in the last 24 hours`;
  });
  protected readonly data = computed<ChartConfiguration<'bar'>['data']>(() => {
    const values = [...(this.values() ?? [])];
    return {
      labels: values.map((_, i) => hourLabel(values.length - 1 - i)),
      datasets: [
        {
          data: values,
          backgroundColor: severityColor(this.severity()),
          borderWidth: 0,
          barPercentage: 0.9,
          categoryPercentage: 1,
          minBarLength: 1,
        },
      ],
    };
  });

  protected readonly options: ChartConfiguration<'bar'>['options'] = {
    responsive: false,
    animation: false,
    events: ['mousemove', 'mouseout'],
    layout: { padding: 0 },
    scales: { x: { display: false }, y: { display: false, beginAtZero: true } },
    plugins: {
      legend: { display: false },
      tooltip: { displayColors: false, padding: 4, bodyFont: { size: 11 }, titleFont: { size: 11 } },
    },
  };
}

function hourLabel(hoursAgo: number): string {
  return hoursAgo === 0 ? 'this hour' : `${hoursAgo}h ago`;
}
