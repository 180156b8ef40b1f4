import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { InstanceCount } from '@periskop/wire/api';
import { TimeAgo } from '../shared/time/time-ago';

/** Which instances report this key and how much each contributes. */
@Component({
  selector: 'app-instances-table',
  imports: [MatTableModule, TimeAgo],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table mat-table [dataSource]="rows()" class="instances">
      <ng-container matColumnDef="target">
        <th mat-header-cell *matHeaderCellDef>Instance</th>
        <td mat-cell *matCellDef="let r">
          <div class="addr mono">{{ r.address ?? r.target }}</div>
          @if (r.address && r.address !== r.target) {
            <div class="uuid mono muted" [title]="r.target">{{ r.target }}</div>
          }
        </td>
      </ng-container>
      <ng-container matColumnDef="count">
        <th mat-header-cell *matHeaderCellDef class="num">Events</th>
        <td mat-cell *matCellDef="let r" class="num">
          {{ r.total_count.toLocaleString() }}
          <div class="share"><span [style.width.%]="r.share"></span></div>
        </td>
      </ng-container>
      <ng-container matColumnDef="last_seen">
        <th mat-header-cell *matHeaderCellDef>Last seen</th>
        <td mat-cell *matCellDef="let r"><app-time-ago [seconds]="r.last_seen" /></td>
      </ng-container>
      <tr mat-header-row *matHeaderRowDef="columns"></tr>
      <tr mat-row *matRowDef="let r; columns: columns"></tr>
    </table>
  `,
  styles: `
    table.instances {
      width: 100%;
      table-layout: fixed;
    }
    .mat-column-count {
      width: 96px;
    }
    .mat-column-last_seen {
      width: 108px;
    }
    th.mat-column-last_seen {
      white-space: nowrap;
    }
    .addr,
    .uuid {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .uuid {
      font-size: 11px;
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
    td {
      padding-top: 4px !important;
      padding-bottom: 4px !important;
    }
  `,
})
export class InstancesTable {
  readonly instances = input.required<readonly InstanceCount[]>();
  protected readonly columns = ['target', 'count', 'last_seen'];
  protected readonly rows = computed(() => {
    const list = [...this.instances()].sort((a, b) => b.total_count - a.total_count);
    const total = list.reduce((n, r) => n + r.total_count, 0) || 1;
    return list.map((r) => ({ ...r, share: (100 * r.total_count) / total }));
  });
}
