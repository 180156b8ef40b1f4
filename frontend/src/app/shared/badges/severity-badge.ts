import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** The severity as a small coloured label; anything unknown is shown as it came, in grey. */
@Component({
  selector: 'app-severity-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge" [class]="'badge sev-' + kind()">{{ label() }}</span>`,
  styleUrl: './badges.scss',
})
export class SeverityBadge {
  readonly severity = input.required<string>();
  protected readonly kind = computed(() => {
    const s = this.severity().toLowerCase();
    return s === 'error' || s === 'warning' || s === 'info' ? s : 'other';
  });
  protected readonly label = computed(() => this.severity().toLowerCase() || 'unknown');
}
