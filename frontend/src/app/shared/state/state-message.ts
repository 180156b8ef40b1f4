import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export type StateKind = 'empty' | 'error' | 'not-found' | 'loading';

/**
 * A full-width message for empty and failed states. The title says what is the case, the
 * projected content says what to do about it.
 */
@Component({
  selector: 'app-state-message',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="state" [class]="'state state-' + kind()" [attr.role]="kind() === 'error' ? 'alert' : 'status'">
      <div class="title">{{ title() }}</div>
      <div class="hint"><ng-content /></div>
    </div>
  `,
  styles: `
    .state {
      margin: 24px auto;
      max-width: 640px;
      padding: 20px 24px;
      border-radius: 8px;
      border: 1px dashed var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface-variant);
    }
    .state-error,
    .state-not-found {
      border-style: solid;
      border-color: var(--sev-error-fg);
    }
    .title {
      font-size: 15px;
      font-weight: 600;
      color: var(--mat-sys-on-surface);
      margin-bottom: 6px;
    }
    .hint {
      font-size: 13px;
      line-height: 1.5;
    }
  `,
})
export class StateMessage {
  readonly kind = input<StateKind>('empty');
  readonly title = input.required<string>();
}
