import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { KnownLabelValue } from '@periskop/wire/api';
import { ServiceLabels } from './service-labels';

describe('ServiceLabels', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([])] }));

  async function render(labels: Record<string, KnownLabelValue[]> | undefined) {
    const fixture = TestBed.createComponent(ServiceLabels);
    fixture.componentRef.setInput('service', 'checkout');
    fixture.componentRef.setInput('labels', labels);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows each label with its most common values linking to the filtered list, and how many more', async () => {
    const el = await render({
      version: ['2.0', '1.0', '0.9', '0.8'].map((value, i) => ({ value, targets: 4 - i })),
      zone: [{ value: 'eu-west-1', targets: 2 }],
      pod: [],
    });
    const version = el.querySelector('[data-label="version"]')!;
    expect([...version.querySelectorAll('a.value')].map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      ['2.0', '/checkout?label=version%3D2.0'],
      ['1.0', '/checkout?label=version%3D1.0'],
      ['0.9', '/checkout?label=version%3D0.9'],
    ]);
    expect(version.querySelector('.more')?.textContent?.trim()).toBe('+1');
    expect(el.querySelector('[data-label="zone"] .more')).toBeNull();
    expect(el.querySelector('[data-label="pod"]')).toBeNull();
  });

  it('shows nothing for a service without breakdown labels', async () => {
    for (const labels of [undefined, {}]) expect(((await render(labels)).textContent ?? '').trim()).toBe('');
  });
});
