import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ErrorPage, ErrorSummary } from '@periskop/wire/api';
import { Sparkline } from '../shared/charts/sparkline';
import { errorDetailMatcher } from '../shared/routing/error-route';
import { ErrorTable } from './error-table';
import { ErrorsPage } from './errors-page';

// Canvas charts cannot draw in jsdom; the table is tested without them.
@Component({ selector: 'app-sparkline', template: '' })
class NoSparkline {
  readonly values = input<unknown>();
  readonly severity = input('');
}

@Component({ selector: 'app-detail-probe', template: 'detail {{ key() }}' })
class DetailProbe {
  readonly key = input.required<string>();
}

@Component({ selector: 'app-home-probe', template: 'services' })
class HomeProbe {}

function summary(key: string, message = 'boom'): ErrorSummary {
  return {
    aggregation_key: key,
    total_count: 3,
    severity: 'error',
    created_at: 1_700_000_000,
    first_seen: 1_700_000_000,
    last_seen: 1_700_000_100,
    latest_class: 'Err',
    latest_message: message,
    status: 'active',
    resolved_at: null,
    regressed_at: null,
    resolve_count: 0,
    count_since_resolved: 3,
    trend: [],
  };
}

describe('ErrorsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: '', pathMatch: 'full', component: HomeProbe },
            { matcher: errorDetailMatcher, component: DetailProbe },
            { path: ':service', component: ErrorsPage },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    TestBed.overrideComponent(ErrorTable, { remove: { imports: [Sparkline] }, add: { imports: [NoSparkline] } });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/checkout');
  });

  async function answer(items: ErrorSummary[], keysRefused = 0) {
    await harness.fixture.whenStable();
    const page: ErrorPage = { service: 'checkout', total: items.length, offset: 0, limit: 50, version: '1', keys_refused: keysRefused, items };
    http.expectOne((r) => r.url === 'api/services/checkout/errors').flush(page, { headers: { ETag: '"1"' } });
    await harness.fixture.whenStable();
  }

  function press(key: string) {
    document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    harness.fixture.detectChanges();
  }

  function selectedKey(): string | undefined {
    return (harness.routeNativeElement as HTMLElement).querySelector('tr.selected .key')?.textContent?.trim();
  }

  it('moves with j and k and opens the highlighted error with Enter', async () => {
    await answer([summary('A@1'), summary('B@a/b c'), summary('C@3')]);
    press('j');
    expect(selectedKey()).toBe('A@1');
    press('j');
    press('j');
    press('k');
    expect(selectedKey()).toBe('B@a/b c');
    press('Enter');
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/checkout/errors/B@a%2Fb%20c');
    expect(harness.routeNativeElement?.textContent).toBe('detail B@a/b c');
  });

  it('goes back to the services list with Esc', async () => {
    await answer([summary('A@1')]);
    press('Escape');
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('says when new keys are refused because the service reached its key limit', async () => {
    await answer([summary('A@1')], 1500);
    const notice = (harness.routeNativeElement as HTMLElement).querySelector('.keys-refused');
    expect(notice?.textContent).toContain('1,500 new keys were refused');
    expect(notice?.textContent).toContain('max_keys_per_service');
  });

  it('shows no key-limit notice while nothing was refused', async () => {
    await answer([summary('A@1')]);
    expect((harness.routeNativeElement as HTMLElement).querySelector('.keys-refused')).toBeNull();
  });

  it('shows hostile messages as text', async () => {
    await answer([summary('X@1', '<img src=x onerror=alert(1)>')]);
    const el = harness.routeNativeElement as HTMLElement;
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.message')?.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows a message-only event without a dangling separator', async () => {
    await answer([{ ...summary('fraud-score-degraded', 'fell back to rules'), latest_class: '' }, summary('A@1', 'boom')]);
    const messages = [...(harness.routeNativeElement as HTMLElement).querySelectorAll('.message')].map((m) => m.textContent?.trim());
    expect(messages).toEqual(['fell back to rules', 'Err: boom']);
  });

  it('says what to do when the service is unknown', async () => {
    await harness.fixture.whenStable();
    http.expectOne((r) => r.url === 'api/services/checkout/errors').flush({ message: 'service checkout not found' }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.textContent).toContain('Unknown service “checkout”');
  });
});
