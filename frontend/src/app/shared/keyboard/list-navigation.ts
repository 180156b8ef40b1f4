import { Signal, computed, signal } from '@angular/core';

/**
 * Keyboard actions of list pages: j/k move, Enter opens, Esc goes back, / focuses the search.
 * `leave-field` is Esc pressed inside a text field: it should leave the field, not the page.
 */
export type ListAction = 'next' | 'prev' | 'open' | 'back' | 'search' | 'leave-field';

export function listActionFor(event: KeyboardEvent): ListAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
    return null;
  }
  const target = event.target instanceof Element ? event.target : null;
  // An open dialog, select or menu (they have a backdrop; tooltips do not) owns the keyboard:
  // its Esc closes it and must not also leave the page.
  if (document.querySelector('.cdk-overlay-backdrop')) {
    return null;
  }
  if (event.key === 'Escape') {
    return isTextField(target) ? 'leave-field' : 'back';
  }
  if (isTextField(target)) {
    return null;
  }
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'prev';
    case '/':
      return 'search';
    case 'Enter':
      // Enter on a focused button, link or select keeps its own meaning.
      return isInteractive(target) ? null : 'open';
    default:
      return null;
  }
}

function isTextField(el: Element | null): boolean {
  if (!el) {
    return false;
  }
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || (el as HTMLElement).isContentEditable === true;
}

function isInteractive(el: Element | null): boolean {
  return !!el?.closest('a, button, select, [role="button"], [role="combobox"], [role="option"]');
}

/**
 * The highlighted row of a list whose length changes under it (live updates). -1 is "nothing
 * highlighted yet"; the first j selects the first row, the first k the last.
 */
export class ListSelection {
  private readonly index = signal(-1);
  /** Always inside the list, or -1. */
  readonly current: Signal<number>;

  constructor(private readonly length: () => number) {
    this.current = computed(() => {
      const n = this.length();
      return n === 0 ? -1 : Math.min(this.index(), n - 1);
    });
  }

  move(delta: 1 | -1): void {
    const n = this.length();
    if (n === 0) {
      this.index.set(-1);
      return;
    }
    const i = this.current();
    const next = i < 0 ? (delta > 0 ? 0 : n - 1) : Math.max(0, Math.min(n - 1, i + delta));
    this.index.set(next);
  }

  select(index: number): void {
    this.index.set(index);
  }

  clear(): void {
    this.index.set(-1);
  }
}
