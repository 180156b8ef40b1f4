import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ApiOccurrence } from '@periskop/wire/payload';
import { SeverityBadge } from '../shared/badges/severity-badge';
import { AbsoluteTimePipe } from '../shared/time/absolute-time.pipe';
import { TimeAgo } from '../shared/time/time-ago';
import { causeChain } from './cause-chain';
import { HttpContextView } from './http-context-view';

/**
 * One sampled occurrence: when, the exception with its stack trace and whole cause chain, and
 * the HTTP request it failed on. Every value from the API is rendered through interpolation,
 * i.e. as text: exception messages are attacker-controlled more often than not.
 */
@Component({
  selector: 'app-occurrence-view',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, SeverityBadge, TimeAgo, AbsoluteTimePipe, HttpContextView],
  templateUrl: './occurrence-view.html',
  styleUrl: './occurrence-view.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OccurrenceView {
  readonly occurrence = input.required<ApiOccurrence>();
  /** 0-based position in the sample list, newest first. */
  readonly index = input.required<number>();
  readonly total = input.required<number>();
  readonly previous = output<void>();
  readonly next = output<void>();
  readonly newest = output<void>();

  protected readonly causes = computed(() => causeChain(this.occurrence().error));
}
