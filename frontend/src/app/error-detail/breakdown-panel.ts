import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Breakdown, BreakdownValue } from '@periskop/wire/api';
import { TimeAgo } from '../shared/time/time-ago';

interface LabelRows {
  label: string;
  values: (BreakdownValue & { share: number })[];
}

/**
 * The key's count per value of each breakdown label (aggregation.breakdown_labels): which
 * version or zone the error happens in, and when each first and last saw it. Renders nothing
 * when no breakdown label is configured or none of the key's targets carried one.
 */
@Component({
  selector: 'app-breakdown-panel',
  imports: [TimeAgo],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (l of labels(); track l.label) {
      <section class="card breakdown" [attr.data-label]="l.label">
        <div class="card-title"><span>By <span class="mono">{{ l.label }}</span></span><span class="sub">{{ l.values.length }} values</span></div>
        <table>
          <thead>
            <tr><th>Value</th><th class="num">Events</th><th>First seen</th><th>Last seen</th></tr>
          </thead>
          <tbody>
            @for (v of l.values; track v.other ? '\\u0000other' : v.value) {
              <tr [class.other]="v.other">
                <td class="value">
                  @if (v.other) {
                    <span class="muted" title="Values past the kept ones, counted together">other</span>
                  } @else if (v.value === '') {
                    <span class="muted">(empty)</span>
                  } @else {
                    <span class="mono">{{ v.value }}</span>
                  }
                </td>
                <td class="num">
                  {{ v.count.toLocaleString() }}
                  <div class="share"><span [style.width.%]="v.share"></span></div>
                </td>
                <td><app-time-ago [seconds]="v.first_seen" /></td>
                <td><app-time-ago [seconds]="v.last_seen" /></td>
              </tr>
            }
          </tbody>
        </table>
      </section>
    }
  `,
  styles: `
    :host { display: contents; }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    th { text-align: left; font-size: 11px; font-weight: 500; color: var(--mat-sys-on-surface-variant); padding: 6px 14px; }
    td { padding: 4px 14px; border-top: 1px solid var(--card-border); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .value { overflow-wrap: anywhere; }
    .share { height: 3px; margin-top: 3px; background: var(--mat-sys-surface-container-high); border-radius: 2px; }
    .share span { display: block; height: 100%; background: var(--mat-sys-primary); border-radius: 2px; }
  `,
})
export class BreakdownPanel {
  readonly breakdown = input<Breakdown | null | undefined>();

  /** Labels in name order; values most frequent first, "other" always last (it is not one value). */
  protected readonly labels = computed<LabelRows[]>(() => {
    const b = this.breakdown() ?? {};
    return Object.keys(b)
      .sort()
      .map((label) => {
        const values = [...(b[label] ?? [])].sort(
          (x, y) => Number(!!x.other) - Number(!!y.other) || y.count - x.count || x.value.localeCompare(y.value),
        );
        const total = values.reduce((n, v) => n + v.count, 0) || 1;
        return { label, values: values.map((v) => ({ ...v, share: (100 * v.count) / total })) };
      })
      .filter((l) => l.values.length > 0);
  });
}
