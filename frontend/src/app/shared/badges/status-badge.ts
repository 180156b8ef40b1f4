import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ErrorStatus } from '@periskop/wire/api';

const TITLES: Record<ErrorStatus, string> = {
  new: 'First seen recently',
  regressed: 'Occurred again after it was resolved',
  resolved: 'Resolved: hidden from the active list until it occurs again',
  active: '',
};

/** "new", "regressed" and "resolved" stand out; plain "active" shows nothing. */
@Component({
  selector: 'app-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@if (status() !== 'active') {
    <span [class]="'badge status-' + status()" [title]="title()">{{ status() }}</span>
  }`,
  styleUrl: './badges.scss',
})
export class StatusBadge {
  readonly status = input.required<ErrorStatus>();
  protected readonly title = computed(() => TITLES[this.status()] ?? '');
}
