import { DOCUMENT, Injectable, effect, inject, signal } from '@angular/core';

export type ThemeMode = 'light' | 'dark';

const STORAGE_KEY = 'periskop.theme';

/**
 * Light or dark. The first visit follows the operating system (prefers-color-scheme); an
 * explicit toggle is remembered in localStorage. The theme is applied through the CSS
 * `color-scheme` property, which Material's `light-dark()` tokens follow.
 */
@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly document = inject(DOCUMENT);
  private readonly modeState = signal<ThemeMode>(this.initialMode());
  readonly mode = this.modeState.asReadonly();

  constructor() {
    effect(() => {
      const mode = this.modeState();
      const root = this.document.documentElement;
      root.style.colorScheme = mode;
      root.classList.toggle('dark-theme', mode === 'dark');
    });
  }

  toggle(): void {
    const next: ThemeMode = this.modeState() === 'dark' ? 'light' : 'dark';
    this.modeState.set(next);
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage can be disabled (private windows, policies): the toggle still works this visit.
    }
  }

  private initialMode(): ThemeMode {
    const win = this.document.defaultView;
    try {
      const saved = win?.localStorage.getItem(STORAGE_KEY);
      if (saved === 'light' || saved === 'dark') {
        return saved;
      }
    } catch {
      // fall through to the system preference
    }
    return win?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
}
