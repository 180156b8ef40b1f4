import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TargetView } from '@periskop/wire/api';
import { TargetsApi } from './targets-api';
import { groupTargets } from './target-health';

function target(url: string, status: TargetView['health']['status'], refused: string[] = []): TargetView {
  return {
    endpoint: url.replace('http://', ''),
    url,
    labels: { instance: url },
    discovered_labels: {},
    health: { status, last_scrape: 1, duration_ms: 5, error: status === 'down' ? 'refused' : null, target_uuid: null, aggregates: null, refused },
  };
}

describe('TargetsApi', () => {
  it('GETs api/targets', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    let services: string[] = [];
    TestBed.inject(TargetsApi)
      .list()
      .subscribe((r) => (services = r.modified ? Object.keys(r.body) : []));
    http.expectOne('api/targets').flush({ a: [target('http://a:1/errors', 'up')] });
    expect(services).toEqual(['a']);
    http.verify();
  });
});

describe('groupTargets', () => {
  const view = {
    zeta: [target('http://z1/errors', 'up'), target('http://z2/errors', 'down')],
    alpha: [target('http://a1/errors', 'up'), target('http://a2/errors', 'up', ['bad aggregate'])],
  };

  it('puts services with down targets first and failing targets first inside', () => {
    const groups = groupTargets(view, '', false);
    expect(groups.map((g) => g.service)).toEqual(['zeta', 'alpha']);
    expect(groups[0].targets[0].url).toBe('http://z2/errors');
    expect(groups[1].targets[0].url).toBe('http://a2/errors');
    expect(groups[0].counts).toEqual({ up: 1, down: 1, unknown: 0 });
  });

  it('filters to failing targets (down or with refused parts) and by text', () => {
    expect(groupTargets(view, '', true).flatMap((g) => g.targets.map((t) => t.url))).toEqual(['http://z2/errors', 'http://a2/errors']);
    expect(groupTargets(view, 'a1', false).flatMap((g) => g.targets.map((t) => t.url))).toEqual(['http://a1/errors']);
  });
});
