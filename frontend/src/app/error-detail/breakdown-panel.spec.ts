import { TestBed } from '@angular/core/testing';
import { Breakdown } from '@periskop/wire/api';
import { BreakdownPanel } from './breakdown-panel';

const NOW_S = Math.floor(Date.now() / 1000);

describe('BreakdownPanel', () => {
  async function render(breakdown: Breakdown | undefined) {
    const fixture = TestBed.createComponent(BreakdownPanel);
    fixture.componentRef.setInput('breakdown', breakdown);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  function rows(el: HTMLElement, label: string): string[][] {
    const section = el.querySelector(`section[data-label="${label}"]`);
    return [...(section?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()),
    );
  }

  it('lists each label with value, count, first and last seen, most frequent first, other last', async () => {
    const el = await render({
      version: [
        { value: '1.0', count: 3, first_seen: NOW_S - 7200, last_seen: NOW_S - 3600 },
        { value: '', count: 9, first_seen: NOW_S - 600, last_seen: NOW_S - 120, other: true },
        { value: '2.0', count: 7, first_seen: NOW_S - 3 * 86400, last_seen: NOW_S - 60 },
      ],
      zone: [{ value: 'eu-west-1', count: 10, first_seen: NOW_S - 300, last_seen: NOW_S - 150 }],
    });
    expect(el.querySelectorAll('section.breakdown').length).toBe(2);
    expect(rows(el, 'version')).toEqual([
      ['2.0', '7', '3d ago', '1m ago'],
      ['1.0', '3', '2h ago', '1h ago'],
      ['other', '9', '10m ago', '2m ago'],
    ]);
    expect(rows(el, 'zone')).toEqual([['eu-west-1', '10', '5m ago', '2m ago']]);
    expect(el.querySelector('section[data-label="version"] .card-title')?.textContent).toContain('version');
  });

  it('shows nothing without a breakdown or with an empty one', async () => {
    const cases: (Breakdown | undefined)[] = [undefined, {}, { version: [] }];
    for (const b of cases) {
      const el = await render(b);
      expect(el.querySelector('section')).toBeNull();
      expect((el.textContent ?? '').trim()).toBe('');
    }
  });
});
