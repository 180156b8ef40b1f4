import { ClipboardModule } from '@angular/cdk/clipboard';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { ListMemory } from '../errors/list-memory';
import { Session, resolveRefusal } from '../shared/auth/session';
import { ErrorsApi } from '../errors/errors-api';
import { SeverityBadge } from '../shared/badges/severity-badge';
import { StatusBadge } from '../shared/badges/status-badge';
import { toApiError } from '../shared/http/api-error';
import { listActionFor } from '../shared/keyboard/list-navigation';
import { LiveStatus } from '../shared/live/live-status';
import { poll } from '../shared/polling/poll';
import { errorDeepLink, errorListCommands } from '../shared/routing/error-route';
import { ApiErrorMessage } from '../shared/state/api-error-message';
import { StateMessage } from '../shared/state/state-message';
import { TimeAgo } from '../shared/time/time-ago';
import { AbsoluteTimePipe } from '../shared/time/absolute-time.pipe';
import { ErrorDetailApi, TrendResolution } from './error-detail-api';
import { BreakdownPanel } from './breakdown-panel';
import { InstancesTable } from './instances-table';
import { OccurrenceView } from './occurrence-view';
import { TrendChart } from './trend-chart';

const DETAIL_POLL_MS = 5_000;
const SIDE_POLL_MS = 15_000;

@Component({
  selector: 'app-error-detail-page',
  imports: [
    RouterLink,
    ClipboardModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    SeverityBadge,
    StatusBadge,
    LiveStatus,
    StateMessage,
    ApiErrorMessage,
    TimeAgo,
    AbsoluteTimePipe,
    OccurrenceView,
    TrendChart,
    InstancesTable,
    BreakdownPanel,
  ],
  templateUrl: './error-detail-page.html',
  styleUrl: './error-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
})
export class ErrorDetailPage {
  /** Route parameters; `key` is already decoded once by the router. */
  readonly service = input.required<string>();
  readonly key = input.required<string>();

  private readonly api = inject(ErrorDetailApi);
  private readonly errorsApi = inject(ErrorsApi);
  private readonly router = inject(Router);
  private readonly memory = inject(ListMemory);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);

  protected readonly session = inject(Session);
  /** Why this visitor may not resolve (the disabled button's tooltip), or null. */
  protected readonly resolveRefused = computed(() => resolveRefusal(this.session.me()));

  protected readonly resolution = signal<TrendResolution>('minute');
  protected readonly resolving = signal(false);

  protected readonly detail = poll({
    query: () => ({ service: this.service(), key: this.key() }),
    fetch: (q, etag) => this.api.detail(q.service, q.key, etag),
    intervalMs: DETAIL_POLL_MS,
    scope: (q) => JSON.stringify(q),
  });
  protected readonly trend = poll({
    query: () => ({ service: this.service(), key: this.key(), resolution: this.resolution() }),
    fetch: (q, etag) => this.api.trend(q.service, q.key, q.resolution, etag),
    intervalMs: SIDE_POLL_MS,
    scope: (q) => JSON.stringify([q.service, q.key]),
  });
  protected readonly instances = poll({
    query: () => ({ service: this.service(), key: this.key() }),
    fetch: (q, etag) => this.api.instances(q.service, q.key, etag),
    intervalMs: SIDE_POLL_MS,
    scope: (q) => JSON.stringify(q),
  });

  protected readonly view = computed(() => this.detail.state().data);
  protected readonly occurrences = computed(() => this.view()?.latest_errors ?? []);

  /**
   * The occurrence on screen is remembered by uuid, not position: live updates push new
   * occurrences in at the front, and the one being read must not change under the reader.
   */
  private readonly selectedUuid = signal<string | null>(null);
  protected readonly index = computed(() => {
    const uuid = this.selectedUuid();
    const i = uuid === null ? 0 : this.occurrences().findIndex((o) => o.uuid === uuid);
    return Math.max(0, i);
  });
  protected readonly occurrence = computed(() => this.occurrences()[this.index()]);

  protected readonly deepLink = computed(() => {
    const loc = this.document.location;
    return errorDeepLink(loc.origin + loc.pathname, this.service(), this.key());
  });

  constructor() {
    const title = inject(Title);
    effect(() => title.setTitle(`${this.key()} · ${this.service()} · Periskop`));
  }

  protected step(delta: 1 | -1): void {
    const list = this.occurrences();
    const next = list[Math.max(0, Math.min(list.length - 1, this.index() + delta))];
    this.selectedUuid.set(next ? next.uuid : null);
  }

  protected showNewest(): void {
    this.selectedUuid.set(null);
  }

  protected backToList(): void {
    void this.router.navigate(errorListCommands(this.service()), {
      queryParams: this.memory.paramsFor(this.service()),
    });
  }

  protected resolve(): void {
    if (this.resolving() || this.resolveRefused()) {
      return;
    }
    this.resolving.set(true);
    this.errorsApi.resolve(this.service(), this.key()).subscribe({
      next: () => {
        this.resolving.set(false);
        this.snackBar.open('Resolved. It comes back if it occurs again.', undefined, { duration: 4000 });
        this.backToList();
      },
      error: (err: unknown) => {
        this.resolving.set(false);
        const e = toApiError(err);
        const why = e.kind === 'unreachable' ? 'the API is unreachable' : `HTTP ${e.status} ${e.detail}`;
        this.snackBar.open(`Resolving failed: ${why}`, 'Dismiss', { duration: 8000 });
      },
    });
  }

  protected linkCopied(ok: boolean): void {
    this.snackBar.open(ok ? 'Link copied' : 'Copying failed', undefined, { duration: 2000 });
  }

  protected onKey(event: KeyboardEvent): void {
    const action = listActionFor(event);
    if (action === 'back') {
      this.backToList();
      return;
    }
    if (action === 'leave-field') {
      (event.target as HTMLElement).blur();
      return;
    }
    const target = event.target as HTMLElement | null;
    if (event.ctrlKey || event.metaKey || event.altKey || target?.tagName === 'INPUT') {
      return;
    }
    if (event.key === 'n') {
      this.step(1);
    } else if (event.key === 'p') {
      this.step(-1);
    }
  }
}
