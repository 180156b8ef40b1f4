/** Labels as Prometheus SD emits them: `__address__`, `__meta_*`, and group labels. */
export type Labels = Record<string, string>;

/** One SD source's targets; a later group with the same `source` replaces it. */
export interface TargetGroup {
  source: string;
  targets: Labels[];
  labels: Labels;
}

/** A target after relabeling, ready to schedule. */
export interface DiscoveredTarget {
  /** `__scheme__` after relabeling: `http` or `https`. */
  scheme: string;
  /** `__address__` after relabeling (host:port). */
  address: string;
  /** `__metrics_path__` after relabeling (the service's endpoint by default). */
  metricsPath: string;
  /** The query from `__param_<name>` labels, without `?` (empty when there are none). */
  query: string;
  /** Full scrape URL, built from the parts above: `scheme://address` + `metricsPath` + `?query`. */
  url: string;
  /** Public labels after relabeling (no `__` labels), `instance` defaulted to the address. */
  labels: Labels;
  /** Labels as discovered, before relabeling (with `__meta_*`). */
  discoveredLabels: Labels;
}
