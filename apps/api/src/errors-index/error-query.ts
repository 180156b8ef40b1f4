import type { ErrorSort, ErrorSummary } from '@periskop/wire';

export interface ErrorQuery {
  sort: ErrorSort;
  order: 'asc' | 'desc';
  severity: string | null;
  status: 'active' | 'resolved' | 'all';
  q: string | null;
  offset: number;
  limit: number;
}

const COMPARATORS: Record<ErrorSort, (a: ErrorSummary, b: ErrorSummary) => number> = {
  latest: (a, b) => a.last_seen - b.last_seen,
  count: (a, b) => a.total_count - b.total_count,
  first: (a, b) => a.created_at - b.created_at,
  key: (a, b) => (a.aggregation_key < b.aggregation_key ? -1 : a.aggregation_key > b.aggregation_key ? 1 : 0),
};

/** Filters and sorts summaries; ties break on the key so pages are stable. */
export function selectErrors(summaries: ErrorSummary[], query: ErrorQuery, searchTexts: Record<string, string> | null): ErrorSummary[] {
  const needle = query.q?.toLowerCase() ?? null;
  const filtered = summaries.filter((s) => {
    if (query.status === 'active' && s.status === 'resolved') return false;
    if (query.status === 'resolved' && s.status !== 'resolved') return false;
    if (query.severity && s.severity !== query.severity) return false;
    if (needle) {
      const haystack = `${s.aggregation_key}\n${s.latest_class}\n${s.latest_message}\n${searchTexts?.[s.aggregation_key] ?? ''}`;
      if (!haystack.toLowerCase().includes(needle)) return false;
    }
    return true;
  });
  return sortErrors(filtered, query);
}

/** Sorts in place by the query's order; ties break on the key so pages are stable. */
export function sortErrors(summaries: ErrorSummary[], query: Pick<ErrorQuery, 'sort' | 'order'>): ErrorSummary[] {
  const compare = COMPARATORS[query.sort];
  const direction = query.order === 'asc' ? 1 : -1;
  return summaries.sort((a, b) => direction * compare(a, b) || COMPARATORS.key(a, b));
}
