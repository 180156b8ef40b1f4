import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['j', 'k'], what: 'Next / previous row in a list' },
  { keys: ['Enter'], what: 'Open the highlighted row' },
  { keys: ['Esc'], what: 'Back: error → list → services' },
  { keys: ['/'], what: 'Search the error list' },
  { keys: ['n', 'p'], what: 'Next / previous occurrence of an error' },
  { keys: ['?'], what: 'This help' },
];

@Component({
  selector: 'app-shortcuts-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content>
      <table class="keys">
        @for (s of shortcuts; track s.what) {
          <tr>
            <td>
              @for (k of s.keys; track k) {
                <kbd>{{ k }}</kbd>
              }
            </td>
            <td>{{ s.what }}</td>
          </tr>
        }
      </table>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .keys {
      border-collapse: collapse;
      width: 100%;
      font-size: 13px;
    }
    td {
      padding: 5px 6px;
      vertical-align: middle;
    }
    td:first-child {
      white-space: nowrap;
      width: 1%;
    }
    kbd {
      margin-right: 4px;
    }
  `,
})
export class ShortcutsDialog {
  protected readonly shortcuts = SHORTCUTS;
}
