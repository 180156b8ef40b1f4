import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ServiceNotificationsView } from '@periskop/wire/api';
import { ServiceNotifications } from './service-notifications';

describe('ServiceNotifications', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  async function render(view: ServiceNotificationsView): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ServiceNotifications);
    fixture.componentRef.setInput('service', view.service);
    await fixture.whenStable();
    http.expectOne(`api/services/${encodeURIComponent(view.service)}/notifications`).flush(view);
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('lists the routes and the last deliveries with their outcome', async () => {
    const el = await render({
      service: 'checkout',
      routes: [{ receiver: 'checkout-team', kind: 'slack', events: ['new', 'regression'], severities: ['error'], repeat_interval_seconds: 3600 }],
      deliveries: [
        { at: 1_700_000_100, receiver: 'checkout-team', event: 'new', aggregation_key: 'a/b c', outcome: 'sent', attempt: 2 },
        { at: 1_700_000_000, receiver: 'checkout-team', event: 'new', aggregation_key: 'a/b c', outcome: 'failed', attempt: 1, error: 'HTTP 503: down' },
      ],
    });
    expect(el.querySelector('.routes')?.textContent?.replace(/\s+/g, ' ')).toContain('checkout-team (slack): new, regression · error');
    const rows = el.querySelectorAll('.deliveries tr');
    expect(rows.length).toBe(2);
    expect(rows[1].className).toBe('failed');
    expect(rows[1].textContent).toContain('HTTP 503: down');
  });

  it('shows nothing for a service no route sends about', async () => {
    const el = await render({ service: 'search', routes: [], deliveries: [] });
    expect(el.querySelector('.notifications')).toBeNull();
  });
});
