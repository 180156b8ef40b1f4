/** Bounds on what one scraped payload may hold; beyond them the part is refused, not the target. */
export interface PayloadLimits {
  /** Aggregates accepted from one target; the rest are refused. */
  maxAggregates: number;
  /** An aggregate with more samples than this is refused. */
  maxSamplesPerAggregate: number;
  /** Longest aggregation key accepted. */
  maxKeyLength: number;
  /** Longest string (message, stack line, header, body) an occurrence may carry. */
  maxStringLength: number;
  /** Deepest `cause` chain kept; deeper causes are cut with a marker. */
  maxCauseDepth: number;
  /**
   * Captured request headers stored as `[redacted]` (see redact-headers.ts); the default
   * deny-list when absent, so a caller that forgets it still leaks nothing.
   */
  redactHeaders?: readonly string[];
}

export const DEFAULT_PAYLOAD_LIMITS: PayloadLimits = {
  maxAggregates: 10_000,
  maxSamplesPerAggregate: 100,
  maxKeyLength: 1_024,
  maxStringLength: 256 * 1024,
  maxCauseDepth: 32,
};
