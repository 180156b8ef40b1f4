import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ErrorDetailApi } from './error-detail-api';

describe('ErrorDetailApi', () => {
  let api: ErrorDetailApi;
  let http: HttpTestingController;
  const key = 'ValueError@a/b c&d=%';

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ErrorDetailApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('sends the key as a query parameter, encoded in the URL', () => {
    api.detail('checkout', key).subscribe();
    const req = http.expectOne((r) => r.url === 'api/services/checkout/error');
    expect(req.request.params.get('key')).toBe(key);
    expect(req.request.urlWithParams).toBe('api/services/checkout/error?key=ValueError@a/b%20c%26d=%25');
    req.flush({});
  });

  it('asks for the trend at the chosen resolution', () => {
    api.trend('checkout', key, 'hour').subscribe();
    const req = http.expectOne((r) => r.url === 'api/services/checkout/trend');
    expect(req.request.params.get('resolution')).toBe('hour');
    expect(req.request.params.get('key')).toBe(key);
    req.flush({ service: 'checkout', aggregation_key: key, resolution: 'hour', buckets: [] });
  });

  it('asks which instances report the key', () => {
    let count = -1;
    api.instances('checkout', key).subscribe((r) => (count = r.modified ? r.body.instances.length : -1));
    http.expectOne((r) => r.url === 'api/services/checkout/instances').flush({ service: 'checkout', aggregation_key: key, instances: [{ target: 't', address: null, total_count: 1, last_seen: 1 }] });
    expect(count).toBe(1);
  });

  it('reports an unknown key as a 404 error', () => {
    let status = 0;
    api.detail('checkout', 'nope').subscribe({ error: (e) => (status = e.status) });
    http.expectOne((r) => r.url === 'api/services/checkout/error').flush({ message: 'not found' }, { status: 404, statusText: 'Not Found' });
    expect(status).toBe(404);
  });
});
