import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AccountMenu } from './shared/auth/account-menu';
import { ShortcutsDialog } from './shared/keyboard/shortcuts-dialog';
import { Theme } from './shared/theme/theme';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, MatIconModule, MatTooltipModule, AccountMenu],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
})
export class App {
  protected readonly theme = inject(Theme);
  private readonly dialog = inject(MatDialog);

  protected showShortcuts(): void {
    if (this.dialog.openDialogs.length === 0) {
      this.dialog.open(ShortcutsDialog, { width: '380px' });
    }
  }

  protected onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    const typing = target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA';
    if (event.key === '?' && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.showShortcuts();
    }
  }
}
