import type { ErrorSummary } from '@periskop/wire';

/** A service's summaries as of one version of its data: what a search or a label filter scans. */
export interface ServiceIndex {
  service: string;
  version: string;
  /** Every key, resolved ones included. */
  summaries: ErrorSummary[];
  /** Filtered, sorted lists already computed for this version, by query (see ErrorsIndexService.select). */
  selections: Map<string, ErrorSummary[]>;
}
