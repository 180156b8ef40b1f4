import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ErrorPage } from '@periskop/wire/api';
import { ErrorQuery, queryFromParams } from './error-query';
import { ErrorsApi } from './errors-api';

describe('ErrorsApi', () => {
  let api: ErrorsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ErrorsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for one page of summaries with trend, sort, filters and offset', () => {
    const query: ErrorQuery = {
      ...queryFromParams('check out', {}),
      sort: 'count',
      order: 'asc',
      severity: 'warning',
      status: 'all',
      q: '  timeout ',
      labels: ['version=2.0', 'zone=eu'],
      page: 2,
      size: 25,
    };
    api.page(query, '"v3"').subscribe();
    const req = http.expectOne((r) => r.url === 'api/services/check%20out/errors');
    const p = req.request.params;
    expect(p.get('sort')).toBe('count');
    expect(p.get('order')).toBe('asc');
    expect(p.get('severity')).toBe('warning');
    expect(p.get('status')).toBe('all');
    expect(p.get('q')).toBe('timeout');
    expect(p.getAll('label')).toEqual(['version=2.0', 'zone=eu']);
    expect(p.get('offset')).toBe('50');
    expect(p.get('limit')).toBe('25');
    expect(p.get('trend')).toBe('1');
    expect(req.request.headers.get('If-None-Match')).toBe('"v3"');
    req.flush({ service: 'check out', total: 0, offset: 50, limit: 25, version: '3', keys_refused: 0, items: [] } satisfies ErrorPage);
  });

  it('leaves out severity and an empty search', () => {
    api.page(queryFromParams('svc', {})).subscribe();
    const req = http.expectOne((r) => r.url === 'api/services/svc/errors');
    expect(req.request.params.has('severity')).toBe(false);
    expect(req.request.params.has('q')).toBe(false);
    expect(req.request.params.has('label')).toBe(false);
    expect(req.request.params.get('status')).toBe('active');
    req.flush({ service: 'svc', total: 0, offset: 0, limit: 50, version: '1', items: [] });
  });

  it('resolves with Periskop’s DELETE, the key encoded as one path segment', () => {
    let done = false;
    api.resolve('checkout', 'TypeError@a/b c?x=1#y 50%').subscribe(() => (done = true));
    const req = http.expectOne('services/checkout/errors/TypeError%40a%2Fb%20c%3Fx%3D1%23y%2050%25/');
    expect(req.request.method).toBe('DELETE');
    req.flush('', { status: 204, statusText: 'No Content' });
    expect(done).toBe(true);
  });
});
