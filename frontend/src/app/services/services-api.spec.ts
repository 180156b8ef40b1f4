import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ServiceSummary } from '@periskop/wire/api';
import { Fetched } from '../shared/http/conditional-get';
import { ServicesApi } from './services-api';

describe('ServicesApi', () => {
  let api: ServicesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ServicesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const summary: ServiceSummary = {
    name: 'checkout',
    keys: { error: 2, warning: 1, info: 0 },
    occurrences: { error: 20, warning: 3, info: 0 },
    last_seen: 1_700_000_000,
    targets: { total: 2, up: 1, down: 1, unknown: 0 },
    keys_refused: 0,
  };

  it('GETs api/services and returns the body with its ETag', () => {
    let got: Fetched<ServiceSummary[]> | undefined;
    api.list().subscribe((r) => (got = r));
    const req = http.expectOne('api/services');
    expect(req.request.method).toBe('GET');
    expect(req.request.headers.has('If-None-Match')).toBe(false);
    req.flush([summary], { headers: { ETag: '"7"' } });
    expect(got).toEqual({ modified: true, body: [summary], etag: '"7"' });
  });

  it('sends If-None-Match and turns a 304 into "not modified" instead of an error', () => {
    let got: Fetched<ServiceSummary[]> | undefined;
    let failed = false;
    api.list('"7"').subscribe({ next: (r) => (got = r), error: () => (failed = true) });
    const req = http.expectOne('api/services');
    expect(req.request.headers.get('If-None-Match')).toBe('"7"');
    req.flush(null, { status: 304, statusText: 'Not Modified' });
    expect(failed).toBe(false);
    expect(got).toEqual({ modified: false });
  });

  it('lets other failures through as errors', () => {
    let status = 0;
    api.list().subscribe({ error: (e) => (status = e.status) });
    http.expectOne('api/services').flush('boom', { status: 500, statusText: 'Server Error' });
    expect(status).toBe(500);
  });
});
