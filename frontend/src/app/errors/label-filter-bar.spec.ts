import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ServiceSummary } from '@periskop/wire/api';
import { LabelFilterBar } from './label-filter-bar';

function summary(name: string, breakdown_labels: ServiceSummary['breakdown_labels']): ServiceSummary {
  return {
    name,
    keys: { error: 1, warning: 0, info: 0 },
    occurrences: { error: 1, warning: 0, info: 0 },
    last_seen: null,
    targets: { total: 2, up: 2, down: 0, unknown: 0 },
    keys_refused: 0,
    breakdown_labels,
  };
}

describe('LabelFilterBar', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  async function render(labels: string[], known: ServiceSummary['breakdown_labels'] = {}) {
    const fixture = TestBed.createComponent(LabelFilterBar);
    fixture.componentRef.setInput('service', 'checkout');
    fixture.componentRef.setInput('labels', labels);
    const emitted: string[][] = [];
    fixture.componentInstance.changed.subscribe((l) => emitted.push(l));
    await fixture.whenStable();
    http.expectOne('api/services').flush([summary('other', { version: [{ value: '9', targets: 1 }] }), summary('checkout', known)]);
    await fixture.whenStable();
    return { el: fixture.nativeElement as HTMLElement, emitted, fixture };
  }

  it('shows each filter as a chip and removes one with its button', async () => {
    const { el, emitted } = await render(['version=2.0', 'zone=eu-west-1']);
    const chips = [...el.querySelectorAll('mat-chip')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(chips).toEqual(['version = 2.0', 'zone = eu-west-1']);
    (el.querySelector('button[aria-label="Remove filter zone=eu-west-1"]') as HTMLButtonElement).click();
    expect(emitted).toEqual([['version=2.0']]);
  });

  it("adds a value picked from the service's known breakdown labels, never one of another service", async () => {
    const { el, emitted, fixture } = await render(['zone=eu'], {
      version: [
        { value: '2.0', targets: 3 },
        { value: '1.0', targets: 1 },
      ],
      zone: [{ value: 'eu', targets: 4 }],
    });
    (el.querySelector('button.add-label') as HTMLButtonElement).click();
    await fixture.whenStable();
    const items = [...document.querySelectorAll('.label-picker button[mat-menu-item]')] as HTMLButtonElement[];
    expect(items.map((b) => b.getAttribute('aria-label'))).toEqual(['Filter by version 2.0', 'Filter by version 1.0', 'Filter by zone eu']);
    expect(items[2].disabled).toBe(true); // already filtered
    items[1].click();
    expect(emitted).toEqual([['version=1.0', 'zone=eu']]);
  });

  it('shows nothing for a service without breakdown labels and no filter', async () => {
    const { el } = await render([]);
    expect(el.querySelector('.label-filters')).toBeNull();
  });
});
