import { Pipe, PipeTransform } from '@angular/core';
import { formatAbsolute } from './format-time';

@Pipe({ name: 'absoluteTime' })
export class AbsoluteTimePipe implements PipeTransform {
  transform(unixSeconds: number | null | undefined): string {
    return formatAbsolute(unixSeconds);
  }
}
