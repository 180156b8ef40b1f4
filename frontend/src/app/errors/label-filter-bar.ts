import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { KnownLabelValue } from '@periskop/wire/api';
import { catchError, map, of } from 'rxjs';
import { ServicesApi } from '../services/services-api';
import { labelFilter, splitLabelFilter, withLabel, withoutLabel } from './error-query';

interface Chip {
  filter: string;
  name: string;
  value: string;
}

/**
 * The error list's breakdown label filters as removable chips (`version = 2.0`), and a picker
 * of the values the service's targets carry (aggregation.breakdown_labels, from the services
 * list). Several values of one label match any of them; different labels must all match, as the
 * API filters. Emits the whole new filter list; the page keeps it in the URL.
 */
@Component({
  selector: 'app-label-filter-bar',
  imports: [MatChipsModule, MatIconModule, MatButtonModule, MatMenuModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (chips().length > 0 || hasKnown()) {
      <div class="label-filters">
        <mat-chip-set aria-label="Label filters">
          @for (c of chips(); track c.filter) {
            <mat-chip class="label-chip" [attr.data-filter]="c.filter" (removed)="remove(c.filter)">
              <span class="mono"
                ><span class="name">{{ c.name }}</span> = {{ c.value }}</span
              >
              <button matChipRemove [attr.aria-label]="'Remove filter ' + c.filter">
                <mat-icon svgIcon="clear" />
              </button>
            </mat-chip>
          }
        </mat-chip-set>
        @if (hasKnown()) {
          <button mat-button type="button" class="add-label" [matMenuTriggerFor]="picker"><mat-icon svgIcon="label" /> Filter by label</button>
          <mat-menu #picker="matMenu" class="label-picker">
            @for (l of known(); track l.label) {
              <div class="picker-label mono" role="presentation">{{ l.label }}</div>
              @for (v of l.values; track v.value) {
                <button mat-menu-item type="button" [disabled]="isActive(l.label, v.value)" (click)="add(l.label, v.value)" [attr.aria-label]="'Filter by ' + l.label + ' ' + v.value">
                  <span class="mono">{{ v.value }}</span>
                  <span class="muted"> · {{ v.targets }} {{ v.targets === 1 ? 'target' : 'targets' }}</span>
                </button>
              }
            }
          </mat-menu>
        }
      </div>
    }
  `,
  styles: `
    .label-filters {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 10px;
      margin: -2px 0 10px;
    }
    .label-chip .name {
      color: var(--mat-sys-on-surface-variant);
    }
    .label-chip mat-icon {
      width: 16px;
      height: 16px;
    }
    .add-label mat-icon {
      width: 18px;
      height: 18px;
    }
    .picker-label {
      padding: 8px 16px 2px;
      font-size: 11px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class LabelFilterBar {
  readonly service = input.required<string>();
  readonly labels = input.required<readonly string[]>();
  readonly changed = output<string[]>();

  private readonly services = inject(ServicesApi);
  /** Every service's known label values, asked once: they follow the targets, not each poll. */
  private readonly summaries = toSignal(
    this.services.list().pipe(
      map((f) => (f.modified ? f.body : [])),
      catchError(() => of([])),
    ),
    { initialValue: [] },
  );

  protected readonly chips = computed<Chip[]>(() =>
    this.labels().flatMap((filter) => {
      const parts = splitLabelFilter(filter);
      return parts ? [{ filter, ...parts }] : [];
    }),
  );
  protected readonly known = computed<{ label: string; values: KnownLabelValue[] }[]>(() => {
    const mine = this.summaries().find((s) => s.name === this.service());
    return Object.entries(mine?.breakdown_labels ?? {})
      .filter(([, values]) => values.length > 0)
      .map(([label, values]) => ({ label, values }));
  });
  protected readonly hasKnown = computed(() => this.known().length > 0);

  protected isActive(name: string, value: string): boolean {
    return this.labels().includes(labelFilter(name, value));
  }

  protected add(name: string, value: string): void {
    this.changed.emit(withLabel(this.labels(), labelFilter(name, value)));
  }

  protected remove(filter: string): void {
    this.changed.emit(withoutLabel(this.labels(), filter));
  }
}
