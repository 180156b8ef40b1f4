import type { ErrorSummary } from '@periskop/wire';
import type { AggregateMeta } from '@periskop/store';

/** A service's aggregates as of one version of its data. */
export interface ServiceIndex {
  service: string;
  version: string;
  /** Every key, resolved ones included. */
  summaries: ErrorSummary[];
  metas: Map<string, AggregateMeta>;
  /** Filtered, sorted lists already computed for this version, by query (see ErrorsIndexService.select). */
  selections: Map<string, ErrorSummary[]>;
  /** Detail answers (JSON) already assembled for this version, by key and sample limit. */
  details: Map<string, string>;
}
