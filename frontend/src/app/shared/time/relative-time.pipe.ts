import { Pipe, PipeTransform } from '@angular/core';
import { formatRelative } from './format-time';

/** `{{ seconds | relativeTime: clock.now() }}`: pure, re-evaluated when the clock ticks. */
@Pipe({ name: 'relativeTime' })
export class RelativeTimePipe implements PipeTransform {
  transform(unixSeconds: number | null | undefined, nowMs: number): string {
    return formatRelative(unixSeconds, nowMs);
  }
}
