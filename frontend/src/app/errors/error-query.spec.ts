import { labelFilter, paramsFromQuery, queryFromParams, splitLabelFilter, withLabel, withoutLabel } from './error-query';

describe('error list query parameters', () => {
  it('fills defaults for an empty or invalid URL', () => {
    expect(queryFromParams('svc', { sort: 'bogus', severity: 'fatal', page: '-3', size: '7' })).toEqual({
      service: 'svc',
      sort: 'latest',
      order: 'desc',
      severity: null,
      status: 'active',
      q: '',
      labels: [],
      page: 0,
      size: 50,
    });
  });

  it('reads repeated label filters, drops malformed ones, and writes them back sorted without repeats', () => {
    const q = queryFromParams('svc', { label: ['zone=eu', 'version=2.0', 'bogus', 'version=', 'zone=eu', 'k=a=b'] });
    expect(q.labels).toEqual(['k=a=b', 'version=2.0', 'zone=eu']);
    expect(queryFromParams('svc', { label: 'version=1.0' }).labels).toEqual(['version=1.0']);
    expect(paramsFromQuery(q)['label']).toEqual(['k=a=b', 'version=2.0', 'zone=eu']);
    expect(paramsFromQuery(queryFromParams('svc', {}))['label']).toBeNull();
    expect(withLabel(['zone=eu'], labelFilter('version', '2.0'))).toEqual(['version=2.0', 'zone=eu']);
    expect(withLabel(['zone=eu'], 'zone=eu')).toEqual(['zone=eu']);
    expect(withoutLabel(['version=2.0', 'zone=eu'], 'zone=eu')).toEqual(['version=2.0']);
    expect(splitLabelFilter('k=a=b')).toEqual({ name: 'k', value: 'a=b' });
  });

  it('sorts keys A to Z unless told otherwise', () => {
    expect(queryFromParams('svc', { sort: 'key' }).order).toBe('asc');
    expect(queryFromParams('svc', { sort: 'key', order: 'desc' }).order).toBe('desc');
  });

  it('round-trips and keeps only non-defaults in the URL', () => {
    const q = queryFromParams('svc', { sort: 'count', severity: 'error', q: 'a b', page: '3', size: '100', status: 'all' });
    const params = paramsFromQuery(q);
    expect(params).toEqual({ sort: 'count', order: null, severity: 'error', status: 'all', q: 'a b', label: null, page: 3, size: 100 });
    const clean = Object.fromEntries(
      Object.entries(params)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, String(v)]),
    );
    expect(queryFromParams('svc', clean)).toEqual(q);
    expect(Object.values(paramsFromQuery(queryFromParams('svc', {}))).every((v) => v === null)).toBe(true);
  });
});
