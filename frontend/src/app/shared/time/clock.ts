import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/**
 * "Now", as a signal that moves every few seconds, so relative times ("12s ago") stay true
 * with pure pipes instead of impure ones re-running on every change detection.
 */
@Injectable({ providedIn: 'root' })
export class Clock {
  static readonly TICK_MS = 5_000;
  private readonly nowMs = signal(Date.now());
  readonly now = this.nowMs.asReadonly();

  constructor() {
    const id = setInterval(() => this.nowMs.set(Date.now()), Clock.TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(id));
  }
}
