import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AbsoluteTimePipe } from '../time/absolute-time.pipe';
import { Clock } from '../time/clock';
import { formatRelative } from '../time/format-time';

/** "Live · updated 3s ago", "Paused while hidden", or "Reconnecting…" next to a page title. */
@Component({
  selector: 'app-live-status',
  imports: [AbsoluteTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="live" [class]="'live live-' + mode()" [title]="updatedAtSeconds() | absoluteTime">
      <span class="dot"></span>{{ text() }}
      @if (ago()) {
        <span class="ago">{{ ago() }}</span>
      }
    </span>
  `,
  styles: `
    .live {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--mat-sys-outline);
    }
    .live-live .dot {
      background: var(--ok-fg);
      box-shadow: 0 0 0 3px color-mix(in srgb, var(--ok-fg) 25%, transparent);
    }
    .live-failing {
      color: var(--sev-error-fg);
    }
    .live-failing .dot {
      background: var(--sev-error-fg);
    }
    @media (max-width: 480px) {
      .ago {
        display: none;
      }
    }
  `,
})
export class LiveStatus {
  readonly updatedAt = input<number | undefined>();
  readonly paused = input(false);
  readonly failing = input(false);
  private readonly clock = inject(Clock);

  protected readonly mode = computed(() => (this.failing() ? 'failing' : this.paused() ? 'paused' : 'live'));
  protected readonly updatedAtSeconds = computed(() => {
    const at = this.updatedAt();
    return at === undefined ? null : at / 1000;
  });
  protected readonly text = computed(() => {
    switch (this.mode()) {
      case 'failing':
        return 'Reconnecting';
      case 'paused':
        return 'Paused while tab is hidden';
      default:
        return 'Live';
    }
  });
  /** Hidden on phones, where the page header has no room for it. */
  protected readonly ago = computed(() => {
    const at = this.updatedAtSeconds();
    return at === null ? '' : `· updated ${formatRelative(at, this.clock.now())}`;
  });
}
