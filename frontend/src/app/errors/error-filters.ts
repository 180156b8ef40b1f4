import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, effect, inject, input, output, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ErrorSort } from '@periskop/wire/api';
import { Severity } from '@periskop/wire/payload';
import { Subject, debounceTime, distinctUntilChanged } from 'rxjs';
import { ErrorQuery, SortOrder, StatusFilter } from './error-query';

/** Typing pauses this long before the server is asked: one request per thought, not per key. */
export const SEARCH_DEBOUNCE_MS = 300;

const SORT_LABELS: readonly { value: ErrorSort; label: string }[] = [
  { value: 'latest', label: 'Latest occurrence' },
  { value: 'count', label: 'Event count' },
  { value: 'first', label: 'First seen' },
  { value: 'key', label: 'Key' },
];

/** Search, severity, status and sort of the error list. Emits only what changed. */
@Component({
  selector: 'app-error-filters',
  imports: [MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonToggleModule, MatButtonModule, MatIconModule, MatTooltipModule],
  templateUrl: './error-filters.html',
  styleUrl: './error-filters.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorFilters {
  readonly query = input.required<ErrorQuery>();
  readonly changed = output<Partial<ErrorQuery>>();

  protected readonly sorts = SORT_LABELS;
  private readonly searchBox = viewChild.required<ElementRef<HTMLInputElement>>('search');
  private readonly typed = new Subject<string>();

  constructor() {
    this.typed.pipe(debounceTime(SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef))).subscribe((q) => this.changed.emit({ q }));
    // Keep the box in step with the URL (back button, cleared filters) without fighting the
    // user's typing: only overwrite when the box is not focused.
    effect(() => {
      const q = this.query().q;
      const box = this.searchBox().nativeElement;
      if (document.activeElement !== box && box.value !== q) {
        box.value = q;
      }
    });
  }

  focusSearch(): void {
    const box = this.searchBox().nativeElement;
    box.focus();
    box.select();
  }

  protected onType(value: string): void {
    this.typed.next(value);
  }

  protected clearSearch(): void {
    this.searchBox().nativeElement.value = '';
    this.typed.next('');
  }

  protected setSeverity(value: Severity | 'all'): void {
    this.changed.emit({ severity: value === 'all' ? null : value });
  }

  protected setStatus(value: StatusFilter): void {
    this.changed.emit({ status: value });
  }

  protected setSort(value: ErrorSort): void {
    this.changed.emit({ sort: value, order: value === 'key' ? 'asc' : 'desc' });
  }

  protected flipOrder(): void {
    const order: SortOrder = this.query().order === 'desc' ? 'asc' : 'desc';
    this.changed.emit({ order });
  }
}
