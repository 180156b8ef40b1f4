import { signal } from '@angular/core';
import { ListSelection, listActionFor } from './list-navigation';

function key(k: string, target?: Element, mods: Partial<KeyboardEventInit> = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: k, bubbles: true, ...mods });
  if (target) {
    Object.defineProperty(event, 'target', { value: target });
  }
  return event;
}

describe('listActionFor', () => {
  const body = document.body;

  it('maps j, k, Enter, Esc and / on the page', () => {
    expect(listActionFor(key('j', body))).toBe('next');
    expect(listActionFor(key('k', body))).toBe('prev');
    expect(listActionFor(key('Enter', body))).toBe('open');
    expect(listActionFor(key('Escape', body))).toBe('back');
    expect(listActionFor(key('/', body))).toBe('search');
    expect(listActionFor(key('x', body))).toBeNull();
  });

  it('leaves typing in a text field alone, and Esc only leaves the field', () => {
    const input = document.createElement('input');
    expect(listActionFor(key('j', input))).toBeNull();
    expect(listActionFor(key('Enter', input))).toBeNull();
    expect(listActionFor(key('Escape', input))).toBe('leave-field');
  });

  it('stays out of the way while a dialog or select is open', () => {
    const backdrop = document.createElement('div');
    backdrop.className = 'cdk-overlay-backdrop';
    document.body.appendChild(backdrop);
    try {
      expect(listActionFor(key('Escape', body))).toBeNull();
      expect(listActionFor(key('j', body))).toBeNull();
    } finally {
      backdrop.remove();
    }
  });

  it('keeps Enter on buttons and links, and ignores modified keys', () => {
    const button = document.createElement('button');
    const span = document.createElement('span');
    const a = document.createElement('a');
    a.appendChild(span);
    expect(listActionFor(key('Enter', button))).toBeNull();
    expect(listActionFor(key('Enter', span))).toBeNull();
    expect(listActionFor(key('j', body, { ctrlKey: true }))).toBeNull();
    expect(listActionFor(key('k', body, { metaKey: true }))).toBeNull();
  });
});

describe('ListSelection', () => {
  it('starts unselected; j picks the first row, k the last', () => {
    const length = signal(3);
    const a = new ListSelection(length);
    expect(a.current()).toBe(-1);
    a.move(1);
    expect(a.current()).toBe(0);
    const b = new ListSelection(length);
    b.move(-1);
    expect(b.current()).toBe(2);
  });

  it('stops at both ends', () => {
    const s = new ListSelection(() => 2);
    s.move(1);
    s.move(1);
    s.move(1);
    expect(s.current()).toBe(1);
    s.move(-1);
    s.move(-1);
    expect(s.current()).toBe(0);
  });

  it('stays inside a list that shrinks under it, and is -1 for an empty list', () => {
    const length = signal(5);
    const s = new ListSelection(length);
    s.select(4);
    length.set(2);
    expect(s.current()).toBe(1);
    length.set(0);
    expect(s.current()).toBe(-1);
    s.move(1);
    expect(s.current()).toBe(-1);
  });
});
