import type { WireAggregate, WireOccurrence, WirePayload } from '@periskop/wire';

/** Builds client payloads in the canonical wire format for tests. */
export function occurrence(uuid: string, at: Date | string, overrides: Partial<WireOccurrence> = {}): WireOccurrence {
  return {
    error: { class: 'RuntimeError', message: `boom ${uuid}`, stacktrace: ['at main (app.go:1)'], cause: null },
    uuid,
    timestamp: typeof at === 'string' ? at : at.toISOString(),
    severity: 'error',
    http_context: null,
    ...overrides,
  };
}

export function aggregate(key: string, totalCount: number, samples: WireOccurrence[] = [], overrides: Partial<WireAggregate> = {}): WireAggregate {
  return {
    aggregation_key: key,
    total_count: totalCount,
    severity: 'error',
    created_at: samples.length > 0 ? samples[0].timestamp : '2026-01-01T00:00:00Z',
    latest_errors: samples,
    ...overrides,
  };
}

export function payload(targetUuid: string | undefined, aggregates: WireAggregate[]): WirePayload {
  return targetUuid === undefined ? { aggregated_errors: aggregates } : { target_uuid: targetUuid, aggregated_errors: aggregates };
}

/** `n` seconds after a fixed base time, as a Date. */
export function at(seconds: number): Date {
  return new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + seconds * 1000);
}
