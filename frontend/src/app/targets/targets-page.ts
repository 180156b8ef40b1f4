import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { LiveStatus } from '../shared/live/live-status';
import { poll } from '../shared/polling/poll';
import { ApiErrorMessage } from '../shared/state/api-error-message';
import { StateMessage } from '../shared/state/state-message';
import { groupTargets, healthCounts } from './target-health';
import { TargetTable } from './target-table';
import { TargetsApi } from './targets-api';

const POLL_MS = 10_000;

@Component({
  selector: 'app-targets-page',
  imports: [RouterLink, MatFormFieldModule, MatInputModule, MatIconModule, MatProgressBarModule, MatSlideToggleModule, LiveStatus, StateMessage, ApiErrorMessage, TargetTable],
  templateUrl: './targets-page.html',
  styleUrl: './targets-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TargetsPage {
  private readonly api = inject(TargetsApi);

  protected readonly poll = poll({
    query: () => ({}),
    fetch: (_q, etag) => this.api.list(etag),
    intervalMs: POLL_MS,
  });
  protected readonly filter = signal('');
  protected readonly onlyFailing = signal(false);

  protected readonly groups = computed(() => {
    const data = this.poll.state().data;
    return data ? groupTargets(data, this.filter(), this.onlyFailing()) : [];
  });
  protected readonly totals = computed(() => {
    const data = this.poll.state().data ?? {};
    const all = Object.values(data).flat();
    return { services: Object.keys(data).length, ...healthCounts(all), total: all.length };
  });
}
