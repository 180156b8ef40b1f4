import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { KnownLabelValue } from '@periskop/wire/api';
import { labelFilter } from '../errors/error-query';

/** Values shown per label on the services page; the rest are counted. */
export const VALUES_SHOWN = 3;

/**
 * The breakdown labels a service knows (aggregation.breakdown_labels) with their most common
 * values on its targets; each value opens the service's error list filtered by it.
 */
@Component({
  selector: 'app-service-labels',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (l of rows(); track l.label) {
      <span class="label" [attr.data-label]="l.label">
        <span class="name mono">{{ l.label }}</span>
        @for (v of l.shown; track v.value) {
          <a class="value mono" [routerLink]="['/', service()]" [queryParams]="{ label: v.filter }" [title]="v.targets + (v.targets === 1 ? ' target' : ' targets') + ' with ' + v.filter">{{
            v.value
          }}</a>
        }
        @if (l.more > 0) {
          <span class="more muted">+{{ l.more }}</span>
        }
      </span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 12px;
      font-size: 12px;
    }
    .label {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: baseline;
    }
    .name {
      color: var(--mat-sys-on-surface-variant);
    }
    .name::after {
      content: ':';
    }
    .value {
      padding: 0 6px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      color: inherit;
      text-decoration: none;
    }
    .value:hover {
      text-decoration: underline;
    }
  `,
})
export class ServiceLabels {
  readonly service = input.required<string>();
  readonly labels = input<Record<string, KnownLabelValue[]> | undefined>();

  protected readonly rows = computed(() =>
    Object.entries(this.labels() ?? {})
      .filter(([, values]) => values.length > 0)
      .map(([label, values]) => ({
        label,
        shown: values.slice(0, VALUES_SHOWN).map((v) => ({ ...v, filter: labelFilter(label, v.value) })),
        more: Math.max(0, values.length - VALUES_SHOWN),
      })),
  );
}
