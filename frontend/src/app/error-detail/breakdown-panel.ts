import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Breakdown, BreakdownValue } from '@periskop/wire/api';
import { labelFilter } from '../errors/error-query';
import { TimeAgo } from '../shared/time/time-ago';
import { BreakdownTrend, valueColor } from './breakdown-trend';

interface LabelRows {
  label: string;
  /** The value the key was first seen in, if known. */
  firstSeenIn: string | null;
  values: (BreakdownValue & { share: number; color: string; filter: string })[];
}

/**
 * The key's count per value of each breakdown label (aggregation.breakdown_labels): which
 * version or zone the error happens in, and when each first and last saw it. Renders nothing
 * when no breakdown label is configured or none of the key's targets carried one.
 */
@Component({
  selector: 'app-breakdown-panel',
  imports: [TimeAgo, RouterLink, BreakdownTrend],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (l of labels(); track l.label) {
      <section class="card breakdown" [attr.data-label]="l.label">
        <div class="card-title">
          <span
            >By <span class="mono">{{ l.label }}</span></span
          ><span class="sub">{{ l.values.length }} values</span>
        </div>
        @if (l.firstSeenIn !== null) {
          <div class="first-seen-in">
            First seen in <span class="mono">{{ l.label }} {{ l.firstSeenIn || '(empty)' }}</span>
          </div>
        }
        <app-breakdown-trend [label]="l.label" [values]="l.values" />
        <table>
          <thead>
            <tr>
              <th>Value</th>
              <th class="num">Events</th>
              <th>First seen</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            @for (v of l.values; track v.other ? '\\u0000other' : v.value) {
              <tr [class.other]="v.other">
                <td class="value">
                  <span class="swatch" [style.background]="v.color"></span>
                  @if (v.other) {
                    <span class="muted" title="Values past the kept ones, counted together">other</span>
                  } @else {
                    <a class="mono" [routerLink]="['/', service()]" [queryParams]="{ label: v.filter }" [title]="'Errors of ' + service() + ' on targets with ' + v.filter">{{
                      v.value === '' ? '(empty)' : v.value
                    }}</a>
                  }
                  @if (!v.other && v.value === l.firstSeenIn) {
                    <span class="first-badge" title="The key was first seen on targets with this value">first</span>
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
    :host {
      display: contents;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 13px;
    }
    th {
      text-align: left;
      font-size: 11px;
      font-weight: 500;
      color: var(--mat-sys-on-surface-variant);
      padding: 6px 14px;
    }
    td {
      padding: 4px 14px;
      border-top: 1px solid var(--card-border);
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .value {
      overflow-wrap: anywhere;
    }
    .value a {
      color: inherit;
      text-decoration: none;
    }
    .value a:hover {
      text-decoration: underline;
    }
    .swatch {
      display: inline-block;
      width: 8px;
      height: 8px;
      border-radius: 2px;
      margin-right: 6px;
    }
    .first-seen-in {
      padding: 0 14px 4px;
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .first-seen-in .mono {
      color: var(--mat-sys-on-surface);
    }
    .first-badge {
      margin-left: 6px;
      padding: 0 5px;
      border-radius: 8px;
      font-size: 10px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .share {
      height: 3px;
      margin-top: 3px;
      background: var(--mat-sys-surface-container-high);
      border-radius: 2px;
    }
    .share span {
      display: block;
      height: 100%;
      background: var(--mat-sys-primary);
      border-radius: 2px;
    }
  `,
})
export class BreakdownPanel {
  readonly breakdown = input<Breakdown | null | undefined>();
  /** Per label, the value the key was first seen in (the detail's `first_seen_in`). */
  readonly firstSeenIn = input<Record<string, string> | null | undefined>();
  /** The service, for links to its error list filtered by a value. */
  readonly service = input<string>('');

  /** Labels in name order; values most frequent first, "other" always last (it is not one value). */
  protected readonly labels = computed<LabelRows[]>(() => {
    const b = this.breakdown() ?? {};
    return Object.keys(b)
      .sort()
      .map((label) => {
        const values = [...(b[label] ?? [])].sort((x, y) => Number(!!x.other) - Number(!!y.other) || y.count - x.count || x.value.localeCompare(y.value));
        const total = values.reduce((n, v) => n + v.count, 0) || 1;
        const first = this.firstSeenIn()?.[label];
        return {
          label,
          firstSeenIn: first === undefined ? null : first,
          values: values.map((v, i) => ({ ...v, share: (100 * v.count) / total, color: valueColor(i, v.other), filter: labelFilter(label, v.value) })),
        };
      })
      .filter((l) => l.values.length > 0);
  });
}
