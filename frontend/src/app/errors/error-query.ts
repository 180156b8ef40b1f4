import { Params } from '@angular/router';
import { ErrorSort } from '@periskop/wire/api';
import { SEVERITIES, Severity } from '@periskop/wire/payload';

export type SortOrder = 'asc' | 'desc';
export type StatusFilter = 'active' | 'resolved' | 'all';

/** One page of one service's error list, as the URL's query parameters describe it. */
export interface ErrorQuery {
  readonly service: string;
  readonly sort: ErrorSort;
  readonly order: SortOrder;
  readonly severity: Severity | null;
  readonly status: StatusFilter;
  readonly q: string;
  readonly page: number;
  readonly size: number;
}

export const PAGE_SIZES = [25, 50, 100] as const;

const DEFAULTS = {
  sort: 'latest',
  order: 'desc',
  severity: null,
  status: 'active',
  q: '',
  page: 0,
  size: 50,
} as const satisfies Omit<ErrorQuery, 'service'>;

const SORTS: readonly ErrorSort[] = ['latest', 'count', 'first', 'key'];
const STATUSES: readonly StatusFilter[] = ['active', 'resolved', 'all'];

/**
 * Reads the list state from query parameters, falling back to defaults for anything missing or
 * invalid, so a hand-edited or outdated link still opens a sensible list.
 */
export function queryFromParams(service: string, params: Params): ErrorQuery {
  const sort = pick(params['sort'], SORTS, DEFAULTS.sort);
  return {
    service,
    sort,
    // Keys read best A→Z; everything else newest/largest first.
    order: pick(params['order'], ['asc', 'desc'], sort === 'key' ? 'asc' : DEFAULTS.order),
    severity: pick(params['severity'], SEVERITIES, null),
    status: pick(params['status'], STATUSES, DEFAULTS.status),
    q: typeof params['q'] === 'string' ? params['q'] : '',
    page: wholeNumber(params['page'], DEFAULTS.page, 0),
    size: pick(Number(params['size']), PAGE_SIZES, DEFAULTS.size),
  };
}

/** Only what differs from the defaults goes into the URL, to keep shared links short. */
export function paramsFromQuery(query: ErrorQuery): Params {
  const defaultOrder = query.sort === 'key' ? 'asc' : 'desc';
  return {
    sort: query.sort === DEFAULTS.sort ? null : query.sort,
    order: query.order === defaultOrder ? null : query.order,
    severity: query.severity,
    status: query.status === DEFAULTS.status ? null : query.status,
    q: query.q || null,
    page: query.page === 0 ? null : query.page,
    size: query.size === DEFAULTS.size ? null : query.size,
  };
}

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function wholeNumber(value: unknown, fallback: number, min: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : fallback;
}
