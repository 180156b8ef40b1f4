import { DestroyRef, Signal, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, Observable, catchError, combineLatest, exhaustMap, switchMap, tap, timer } from 'rxjs';
import { ApiError, toApiError } from '../http/api-error';
import { Fetched } from '../http/conditional-get';
import { PageVisibility } from './page-visibility';

export interface PollState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  /** True until the current query has been answered once (data may still show the previous one). */
  readonly loading: boolean;
  /** Epoch ms of the last answer, 200 or 304. */
  readonly updatedAt: number | undefined;
}

export interface Poll<T> {
  readonly state: Signal<PollState<T>>;
  /** Polling is suspended because the tab is hidden. */
  readonly paused: Signal<boolean>;
  /** Fetch now (e.g. after a resolve) and restart the interval. */
  refresh(): void;
}

export interface PollOptions<Q, T> {
  /** The request to poll, read in a reactive context; null while there is nothing to ask. */
  readonly query: () => Q | null;
  readonly fetch: (query: Q, etag: string | null) => Observable<Fetched<T>>;
  readonly intervalMs: number;
  /**
   * What the data belongs to (e.g. the service). While a new query of the same scope loads,
   * the previous answer stays on screen (changing a filter does not flash an empty page); a
   * new scope clears it, so one service's errors are never shown under another's name.
   */
  readonly scope?: (query: Q) => string;
}

/**
 * Live updates by polling with ETags rather than WebSockets or server-sent events: the API
 * replicas are stateless behind any load balancer, so nothing has to hold long-lived
 * connections or fan change notifications out between replicas, and an unchanged answer is a
 * bodiless 304 that costs almost nothing. Polling stops while the tab is hidden and fetches at
 * once when it becomes visible again.
 *
 * Must be called in an injection context (a component field initializer); it stops with it.
 */
export function poll<Q, T>(options: PollOptions<Q, T>): Poll<T> {
  const visibility = inject(PageVisibility);
  const destroyRef = inject(DestroyRef);
  const state = signal<PollState<T>>({
    data: undefined,
    error: undefined,
    loading: true,
    updatedAt: undefined,
  });
  const refreshes = signal(0);
  const query = computed(options.query, { equal: sameJson });

  // The ETag belongs to the query it was answered for; a new query starts without one.
  let etag: string | null = null;
  let answeredKey: string | null = null;
  let answeredScope: string | null = null;
  const scopeOf = options.scope ?? (() => '');

  combineLatest([toObservable(query), toObservable(visibility.visible), toObservable(refreshes)])
    .pipe(
      switchMap(([q, visible]) => {
        if (q === null) {
          return EMPTY;
        }
        const key = JSON.stringify(q);
        if (key !== answeredKey) {
          etag = null;
          const sameScope = scopeOf(q) === answeredScope;
          state.update((s) => ({ ...s, data: sameScope ? s.data : undefined, error: sameScope ? s.error : undefined, loading: true }));
        }
        if (!visible) {
          return EMPTY;
        }
        // exhaustMap: a slow answer is never cancelled by the next tick, the tick is skipped.
        return timer(0, options.intervalMs).pipe(
          exhaustMap(() =>
            options.fetch(q, etag).pipe(
              tap((fetched) => {
                if (fetched.modified) {
                  etag = fetched.etag;
                  answeredKey = key;
                  answeredScope = scopeOf(q);
                  state.set({ data: fetched.body, error: undefined, loading: false, updatedAt: Date.now() });
                } else {
                  state.update((s) => ({ ...s, error: undefined, loading: false, updatedAt: Date.now() }));
                }
              }),
              catchError((err: unknown) => {
                // Keep showing the last good data of this query while the API is away;
                // data of another query would be misleading, so it goes.
                const keep = key === answeredKey;
                state.update((s) => ({
                  data: keep ? s.data : undefined,
                  error: toApiError(err),
                  loading: false,
                  updatedAt: s.updatedAt,
                }));
                if (!keep) {
                  answeredKey = null;
                  answeredScope = null;
                }
                return EMPTY;
              }),
            ),
          ),
        );
      }),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe();

  return {
    state: state.asReadonly(),
    paused: computed(() => !visibility.visible()),
    refresh: () => refreshes.update((n) => n + 1),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
