import { paramsFromQuery, queryFromParams } from './error-query';

describe('error list query parameters', () => {
  it('fills defaults for an empty or invalid URL', () => {
    expect(queryFromParams('svc', { sort: 'bogus', severity: 'fatal', page: '-3', size: '7' })).toEqual({
      service: 'svc',
      sort: 'latest',
      order: 'desc',
      severity: null,
      status: 'active',
      q: '',
      page: 0,
      size: 50,
    });
  });

  it('sorts keys A to Z unless told otherwise', () => {
    expect(queryFromParams('svc', { sort: 'key' }).order).toBe('asc');
    expect(queryFromParams('svc', { sort: 'key', order: 'desc' }).order).toBe('desc');
  });

  it('round-trips and keeps only non-defaults in the URL', () => {
    const q = queryFromParams('svc', { sort: 'count', severity: 'error', q: 'a b', page: '3', size: '100', status: 'all' });
    const params = paramsFromQuery(q);
    expect(params).toEqual({ sort: 'count', order: null, severity: 'error', status: 'all', q: 'a b', page: 3, size: 100 });
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
    expect(queryFromParams('svc', clean)).toEqual(q);
    expect(Object.values(paramsFromQuery(queryFromParams('svc', {}))).every((v) => v === null)).toBe(true);
  });
});
