import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { ErrorSummary } from '@periskop/wire/api';
import { StatusBadge } from '../shared/badges/status-badge';
import { Sparkline } from '../shared/charts/sparkline';
import { errorDetailCommands } from '../shared/routing/error-route';
import { TimeAgo } from '../shared/time/time-ago';

/** One page of error summaries. Presentational: rows come in, "open this one" goes out. */
@Component({
  selector: 'app-error-table',
  imports: [MatTableModule, MatTooltipModule, RouterLink, StatusBadge, Sparkline, TimeAgo],
  templateUrl: './error-table.html',
  styleUrl: './error-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorTable {
  readonly service = input.required<string>();
  readonly items = input.required<readonly ErrorSummary[]>();
  readonly selected = input(-1);
  readonly open = output<ErrorSummary>();
  readonly highlight = output<number>();

  protected readonly columns = ['severity', 'error', 'trend', 'count', 'last_seen', 'first_seen'];
  protected readonly link = errorDetailCommands;

  protected trackKey(_: number, item: ErrorSummary): string {
    return item.aggregation_key;
  }

  protected onRowClick(event: MouseEvent, item: ErrorSummary, index: number): void {
    this.highlight.emit(index);
    // The key is also a real link (middle click, copy link); let it do its own navigation.
    if (!(event.target as Element).closest('a')) {
      this.open.emit(item);
    }
  }

  protected severityClass(severity: string): string {
    const s = severity.toLowerCase();
    return s === 'error' || s === 'warning' || s === 'info' ? `sev-${s}` : 'sev-other';
  }
}
