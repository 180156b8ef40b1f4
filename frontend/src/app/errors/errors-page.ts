import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ErrorSummary } from '@periskop/wire/api';
import { ListSelection, listActionFor } from '../shared/keyboard/list-navigation';
import { LiveStatus } from '../shared/live/live-status';
import { poll } from '../shared/polling/poll';
import { errorDetailCommands } from '../shared/routing/error-route';
import { ApiErrorMessage } from '../shared/state/api-error-message';
import { StateMessage } from '../shared/state/state-message';
import { ServiceNotifications } from '../services/service-notifications';
import { ErrorFilters } from './error-filters';
import { ErrorQuery, PAGE_SIZES, paramsFromQuery, queryFromParams } from './error-query';
import { ErrorTable } from './error-table';
import { LabelFilterBar } from './label-filter-bar';
import { ErrorsApi } from './errors-api';
import { ListMemory } from './list-memory';

const POLL_MS = 5_000;

@Component({
  selector: 'app-errors-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTooltipModule,
    ErrorFilters,
    LabelFilterBar,
    ErrorTable,
    LiveStatus,
    StateMessage,
    ApiErrorMessage,
    ServiceNotifications,
  ],
  templateUrl: './errors-page.html',
  styleUrl: './errors-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
})
export class ErrorsPage {
  /** Route parameter `:service`. */
  readonly service = input.required<string>();

  private readonly api = inject(ErrorsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly memory = inject(ListMemory);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly filters = viewChild(ErrorFilters);
  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: {} });

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly query = computed(() => queryFromParams(this.service(), this.queryParams()));
  protected readonly poll = poll({
    query: () => this.query(),
    fetch: (q, etag) => this.api.page(q, etag),
    intervalMs: POLL_MS,
    scope: (q) => q.service,
  });
  protected readonly page = computed(() => this.poll.state().data);
  protected readonly items = computed(() => this.page()?.items ?? []);
  protected readonly filtered = computed(() => {
    const q = this.query();
    return !!q.q || q.severity !== null || q.status !== 'active' || q.labels.length > 0;
  });
  protected readonly selection = new ListSelection(() => this.items().length);

  constructor() {
    const title = inject(Title);
    effect(() => title.setTitle(`${this.service()} · Periskop`));
    effect(() => this.memory.remember(this.service(), this.queryParams()));
    // Resolving or a shrinking list can leave us past the last page: step back to it.
    effect(() => {
      const page = this.page();
      const q = this.query();
      if (page && page.items.length === 0 && page.total > 0 && q.page > 0) {
        this.update({ page: Math.max(0, Math.ceil(page.total / q.size) - 1) });
      }
    });
  }

  protected update(patch: Partial<ErrorQuery>): void {
    // Any change but paging starts again at the first page.
    const next: ErrorQuery = { ...this.query(), page: 0, ...patch };
    this.selection.clear();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: paramsFromQuery(next),
      replaceUrl: true,
    });
  }

  protected setLabels(labels: string[]): void {
    this.update({ labels });
  }

  protected onPage(event: PageEvent): void {
    this.update({ page: event.pageIndex, size: event.pageSize });
  }

  protected clearFilters(): void {
    this.update({ q: '', severity: null, status: 'active', labels: [] });
  }

  protected openError(item: ErrorSummary): void {
    void this.router.navigate(errorDetailCommands(this.service(), item.aggregation_key));
  }

  protected onKey(event: KeyboardEvent): void {
    const action = listActionFor(event);
    switch (action) {
      case 'next':
      case 'prev':
        this.selection.move(action === 'next' ? 1 : -1);
        queueMicrotask(() => this.host.nativeElement.querySelector('tr.selected')?.scrollIntoView?.({ block: 'nearest' }));
        break;
      case 'open': {
        const item = this.items()[this.selection.current()];
        if (item) {
          this.openError(item);
        }
        break;
      }
      case 'back':
        void this.router.navigate(['/']);
        break;
      case 'search':
        event.preventDefault();
        this.filters()?.focusSearch();
        break;
      case 'leave-field':
        (event.target as HTMLElement).blur();
        break;
      default:
        return;
    }
  }
}
