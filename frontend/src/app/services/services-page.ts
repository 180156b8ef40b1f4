import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { ServiceSummary } from '@periskop/wire/api';
import { ListSelection, listActionFor } from '../shared/keyboard/list-navigation';
import { LiveStatus } from '../shared/live/live-status';
import { poll } from '../shared/polling/poll';
import { errorListCommands } from '../shared/routing/error-route';
import { ApiErrorMessage } from '../shared/state/api-error-message';
import { StateMessage } from '../shared/state/state-message';
import { TimeAgo } from '../shared/time/time-ago';
import { ServicesApi } from './services-api';
import { SeverityCounts } from './severity-counts';
import { ServiceLabels } from './service-labels';

const POLL_MS = 10_000;

@Component({
  selector: 'app-services-page',
  imports: [
    ServiceLabels,
    RouterLink,
    MatTableModule,
    MatFormFieldModule,
    MatInputModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    LiveStatus,
    StateMessage,
    ApiErrorMessage,
    TimeAgo,
    SeverityCounts,
  ],
  templateUrl: './services-page.html',
  styleUrl: './services-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
})
export class ServicesPage {
  private readonly api = inject(ServicesApi);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly filterInput = viewChild<ElementRef<HTMLInputElement>>('filterInput');

  protected readonly columns = ['name', 'keys', 'occurrences', 'last_seen', 'targets'];
  protected readonly poll = poll({
    query: () => ({}),
    fetch: (_q, etag) => this.api.list(etag),
    intervalMs: POLL_MS,
  });
  protected readonly filter = signal('');
  protected readonly services = computed(() => {
    const all = this.poll.state().data ?? [];
    const f = this.filter().trim().toLowerCase();
    return [...all].filter((s) => !f || s.name.toLowerCase().includes(f)).sort((a, b) => a.name.localeCompare(b.name));
  });
  protected readonly totals = computed(() => {
    const all = this.poll.state().data ?? [];
    return {
      services: all.length,
      withErrors: all.filter((s) => s.keys.error > 0).length,
      targetsDown: all.reduce((n, s) => n + s.targets.down, 0),
    };
  });
  protected readonly selection = new ListSelection(() => this.services().length);

  protected totalOccurrences(s: ServiceSummary): number {
    return s.occurrences.error + s.occurrences.warning + s.occurrences.info;
  }

  protected onKey(event: KeyboardEvent): void {
    const action = listActionFor(event);
    switch (action) {
      case 'next':
      case 'prev':
        this.selection.move(action === 'next' ? 1 : -1);
        this.scrollSelectedIntoView();
        break;
      case 'open': {
        const s = this.services()[this.selection.current()];
        if (s) {
          void this.router.navigate(errorListCommands(s.name));
        }
        break;
      }
      case 'search':
        event.preventDefault();
        this.filterInput()?.nativeElement.focus();
        break;
      case 'leave-field':
        (event.target as HTMLElement).blur();
        break;
      default:
        return;
    }
  }

  private scrollSelectedIntoView(): void {
    queueMicrotask(() => this.host.nativeElement.querySelector('.selected')?.scrollIntoView?.({ block: 'nearest' }));
  }
}
