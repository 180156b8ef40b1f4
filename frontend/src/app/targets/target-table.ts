import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TargetView } from '@periskop/wire/api';
import { TimeAgo } from '../shared/time/time-ago';

/** One service's targets; a row opens to show its discovered labels and refused parts. */
@Component({
  selector: 'app-target-table',
  imports: [MatTableModule, MatTooltipModule, TimeAgo],
  templateUrl: './target-table.html',
  styleUrl: './target-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TargetTable {
  readonly targets = input.required<readonly TargetView[]>();
  protected readonly columns = ['status', 'endpoint', 'labels', 'last_scrape', 'duration', 'error'];
  protected readonly expanded = signal<string | null>(null);

  protected toggle(target: TargetView): void {
    this.expanded.update((url) => (url === target.url ? null : target.url));
  }

  protected entries(labels: Record<string, string>): [string, string][] {
    // Labels starting with "__" are internal to relabeling; they belong to the expanded view.
    return Object.entries(labels)
      .filter(([k]) => !k.startsWith('__'))
      .sort(([a], [b]) => a.localeCompare(b));
  }

  protected allEntries(labels: Record<string, string>): [string, string][] {
    return Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  }
}
