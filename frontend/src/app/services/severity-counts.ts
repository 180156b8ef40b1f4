import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import { SeverityCounts as Counts } from '@periskop/wire/api';

/** Error / warning / info counts as three coloured numbers; zeros fade out. */
@Component({
  selector: 'app-severity-counts',
  imports: [MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="c sev-error" [class.zero]="!counts().error" [matTooltip]="counts().error + ' ' + unit() + ' with severity error'">{{ counts().error }}</span>
    <span class="c sev-warning" [class.zero]="!counts().warning" [matTooltip]="counts().warning + ' ' + unit() + ' with severity warning'">{{ counts().warning }}</span>
    <span class="c sev-info" [class.zero]="!counts().info" [matTooltip]="counts().info + ' ' + unit() + ' with severity info'">{{ counts().info }}</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      gap: 4px;
    }
    .c {
      min-width: 34px;
      padding: 1px 6px;
      border-radius: 4px;
      font-size: 12px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      text-align: center;
      box-sizing: border-box;
    }
    .sev-error {
      color: var(--sev-error-fg);
      background: var(--sev-error-bg);
    }
    .sev-warning {
      color: var(--sev-warning-fg);
      background: var(--sev-warning-bg);
    }
    .sev-info {
      color: var(--sev-info-fg);
      background: var(--sev-info-bg);
    }
    .zero {
      opacity: 0.35;
      font-weight: 400;
    }
  `,
})
export class SeverityCounts {
  readonly counts = input.required<Counts>();
  readonly unit = input('keys');
}
