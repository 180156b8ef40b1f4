import { rfc3339 } from '@periskop/client';
import type { PushedAggregate, PushedState } from '@periskop/store/push-state';
import type { NormalizedAggregate } from '@periskop/wire';

/**
 * A pushed payload, normalized by the scraper's own lenient reader (every official client's
 * variant), into what the push script stores: occurrences as wire JSON (RFC 3339 timestamps),
 * newest first, with the client's uuid and time kept so a repeated push is recognised.
 */
export function toPushedAggregates(aggregates: NormalizedAggregate[]): PushedAggregate[] {
  return aggregates.map((a) => ({
    key: a.key,
    totalCount: a.totalCount,
    severity: a.severity,
    createdAtMs: a.createdAtMs,
    occurrences: a.occurrences.map((o) => {
      const occurrence = JSON.parse(o.json) as Record<string, unknown>;
      occurrence.timestamp = rfc3339(new Date(o.timestampMs));
      return { uuid: o.uuid, timestampMs: o.timestampMs, json: JSON.stringify(occurrence) };
    }),
  }));
}

/** The gateway's state in the wire format, as a client's `/errors` (what Periskop scrapes). */
export function renderPushedState(state: PushedState): string {
  const aggregates = state.aggregates.map(
    (a) =>
      `{"aggregation_key":${JSON.stringify(a.key)},"total_count":${a.totalCount},"severity":${JSON.stringify(a.severity)},` +
      `"latest_errors":[${a.occurrences.join(',')}],"created_at":${JSON.stringify(rfc3339(new Date(a.createdAtMs)))}}`,
  );
  return `{"target_uuid":${JSON.stringify(state.targetUuid)},"aggregated_errors":[${aggregates.join(',')}]}`;
}
