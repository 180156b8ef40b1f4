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
  /** Breakdown label filters, `name=value` each (URL: repeatable `label`); sorted, no repeats. */
  readonly labels: readonly string[];
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
  labels: [],
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
    labels: labelFilters(params['label']),
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
    label: query.labels.length > 0 ? [...query.labels] : null,
    page: query.page === 0 ? null : query.page,
    size: query.size === DEFAULTS.size ? null : query.size,
  };
}

/** A label filter as the URL and the API spell it. */
export function labelFilter(name: string, value: string): string {
  return `${name}=${value}`;
}

/** `name=value` split at the first `=` (values may hold more), or null when it is not one. */
export function splitLabelFilter(filter: string): { name: string; value: string } | null {
  const cut = filter.indexOf('=');
  return cut > 0 && cut < filter.length - 1 ? { name: filter.slice(0, cut), value: filter.slice(cut + 1) } : null;
}

/** The filters of a list with one more (no repeat) or one fewer. */
export function withLabel(labels: readonly string[], filter: string): string[] {
  return labelFilters([...labels, filter]);
}
export function withoutLabel(labels: readonly string[], filter: string): string[] {
  return labels.filter((l) => l !== filter);
}

/**
 * `label` parameters (one string, or an array when repeated): only well-formed `name=value`
 * ones (the API answers 400 to the others, and a hand-edited link should still open), sorted
 * and without repeats so that one filter set has one URL.
 */
function labelFilters(raw: unknown): string[] {
  const all = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return [...new Set(all.filter((l): l is string => typeof l === 'string' && splitLabelFilter(l) !== null))].sort();
}

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function wholeNumber(value: unknown, fallback: number, min: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : fallback;
}
