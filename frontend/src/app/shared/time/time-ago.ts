import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { AbsoluteTimePipe } from './absolute-time.pipe';
import { Clock } from './clock';
import { RelativeTimePipe } from './relative-time.pipe';

/** A relative time with the absolute one on hover, in a `<time>` element. */
@Component({
  selector: 'app-time-ago',
  imports: [RelativeTimePipe, AbsoluteTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<time [attr.datetime]="iso()" [title]="seconds() | absoluteTime">{{ seconds() | relativeTime: clock.now() }}</time>`,
  styles: `
    time {
      white-space: nowrap;
    }
  `,
})
export class TimeAgo {
  readonly seconds = input.required<number | null | undefined>();
  protected readonly clock = inject(Clock);

  protected iso(): string | null {
    const s = this.seconds();
    return s === null || s === undefined ? null : new Date(s * 1000).toISOString();
  }
}
