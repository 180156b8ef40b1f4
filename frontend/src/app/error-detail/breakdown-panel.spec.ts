import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Breakdown } from '@periskop/wire/api';
import { BreakdownPanel } from './breakdown-panel';
import { stackedTrend } from './breakdown-trend';

const NOW_S = Math.floor(Date.now() / 1000);

describe('BreakdownPanel', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([])] }));

  async function render(breakdown: Breakdown | undefined, firstSeenIn?: Record<string, string>) {
    const fixture = TestBed.createComponent(BreakdownPanel);
    fixture.componentRef.setInput('breakdown', breakdown);
    fixture.componentRef.setInput('firstSeenIn', firstSeenIn);
    fixture.componentRef.setInput('service', 'check out');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  function rows(el: HTMLElement, label: string): string[][] {
    const section = el.querySelector(`section[data-label="${label}"]`);
    return [...(section?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()));
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

  it('says which value each label was first seen in and marks it; values link to the filtered list', async () => {
    const el = await render(
      {
        version: [
          { value: '1.0', count: 3, first_seen: NOW_S - 7200, last_seen: NOW_S - 3600 },
          { value: '2.0', count: 7, first_seen: NOW_S - 60, last_seen: NOW_S - 60 },
          { value: '', count: 1, first_seen: NOW_S - 60, last_seen: NOW_S - 60, other: true },
        ],
        zone: [{ value: 'eu', count: 10, first_seen: NOW_S - 7200, last_seen: NOW_S }],
      },
      { version: '1.0' },
    );
    const version = el.querySelector('section[data-label="version"]')!;
    expect(version.querySelector('.first-seen-in')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('First seen in version 1.0');
    expect(rows(el, 'version').map((r) => r[0])).toEqual(['2.0', '1.0first', 'other']);
    expect(el.querySelector('section[data-label="zone"] .first-seen-in')).toBeNull();
    const links = [...version.querySelectorAll('td.value a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/check%20out?label=version%3D2.0', '/check%20out?label=version%3D1.0']);
  });
});

describe('stacked breakdown trend', () => {
  it('stacks one dataset per value with occurrences, in the table order, oldest hour first', () => {
    const trend = (last: number, before = 0) => [...new Array(22).fill(0), before, last];
    const data = stackedTrend([
      { value: '2.0', count: 7, first_seen: 0, last_seen: 0, trend: trend(5, 2) },
      { value: '1.0', count: 3, first_seen: 0, last_seen: 0, trend: new Array(24).fill(0) },
      { value: '', count: 1, first_seen: 0, last_seen: 0, other: true, trend: trend(1) },
    ]);
    expect(data.labels).toHaveLength(24);
    expect(data.labels?.[23]).toBe('this hour');
    expect(data.labels?.[0]).toBe('23h ago');
    expect(data.datasets.map((d) => [d.label, d.stack, (d.data as number[]).slice(22)])).toEqual([
      ['2.0', 'values', [2, 5]],
      ['other', 'values', [0, 1]],
    ]);
    expect(data.datasets[0].backgroundColor).not.toBe(data.datasets[1].backgroundColor);
  });

  it('draws nothing without any occurrence in the window', () => {
    expect(stackedTrend([{ value: '1.0', count: 3, first_seen: 0, last_seen: 0 }]).datasets).toEqual([]);
  });
});
