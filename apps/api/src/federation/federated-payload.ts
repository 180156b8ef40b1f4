import type { StoredAggregate } from '@periskop/store';
import type { ApiOccurrence, WireAggregate, WireOccurrence, WirePayload } from '@periskop/wire';

/**
 * A service's merged aggregates as one client would expose them (the scraped wire format), so a
 * parent Periskop scrapes a child cluster as an ordinary target.
 *
 * - `total_count` is the lifetime count (`c`): a resolve never lowers it, so the parent, which
 *   keeps the high-water mark per (address, target_uuid), neither loses nor doubles a count.
 * - Resolved keys stay in the payload with their lifetime count: the parent decides on its own
 *   whether a key is resolved there.
 * - Occurrences are stored in the API shape (Unix seconds); the wire wants RFC 3339.
 */
export function toFederatedPayload(targetUuid: string, aggregates: StoredAggregate[], samples: Map<string, string[]>): WirePayload {
  const sorted = [...aggregates].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    target_uuid: targetUuid,
    aggregated_errors: sorted.map(({ key, meta }): WireAggregate => ({
      aggregation_key: key,
      total_count: meta.c,
      severity: meta.s,
      created_at: rfc3339(meta.ca || meta.fs),
      latest_errors: (samples.get(key) ?? []).map(toWireOccurrence),
    })),
  };
}

function toWireOccurrence(json: string): WireOccurrence {
  const o = JSON.parse(json) as ApiOccurrence;
  return { error: o.error, uuid: o.uuid, timestamp: rfc3339(o.timestamp * 1000), severity: o.severity, http_context: o.http_context ?? null };
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
