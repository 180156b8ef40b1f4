/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the API's answers, written beside the
 * shared wire types they describe (libs/wire: payload.types.ts, api.types.ts). The e2e test
 * validates live answers against them, so a field added to a type without its schema fails there.
 */
type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const unixSeconds = (description: string): Schema => ({ type: 'integer', description: `${description} (Unix seconds)` });

/** An object whose every listed property is required and nothing else is allowed. */
function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)), additionalProperties: false };
}

const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const severityCounts = object({ error: int, warning: int, info: int });

export const errorDetail: Schema = object({
  class: str,
  message: str,
  stacktrace: { type: ['array', 'null'], items: str },
  // The same shape again (a cause chain); described loosely so the document stays free of $refs.
  cause: { type: ['object', 'null'], description: 'The cause, an error of the same shape, or null' },
});

const httpContext: Schema = {
  type: ['object', 'null'],
  properties: { request_method: str, request_url: str, request_headers: { type: ['object', 'null'], additionalProperties: { type: 'string' } }, request_body: str },
  required: ['request_method', 'request_url', 'request_headers', 'request_body'],
  additionalProperties: false,
};

export const apiOccurrence: Schema = object({
  error: errorDetail,
  uuid: str,
  timestamp: unixSeconds('When it occurred'),
  severity: str,
  http_context: httpContext,
});

/** `GET /services/:service/errors/`: Periskop's aggregate (last_seen is additive). */
export const apiAggregate: Schema = object(
  {
    aggregation_key: str,
    total_count: int,
    severity: str,
    latest_errors: { type: 'array', items: apiOccurrence, description: 'Newest first, at most 100' },
    created_at: unixSeconds('Oldest occurrence any instance reported'),
    last_seen: unixSeconds('Newest occurrence seen; not in the original'),
  },
  ['last_seen'],
);

export const apiTargets: Schema = { type: 'object', description: 'Per service, its targets', additionalProperties: { type: 'array', items: object({ endpoint: str }) } };

const errorSummaryProperties: Record<string, Schema> = {
  aggregation_key: str,
  total_count: int,
  severity: str,
  created_at: unixSeconds('Oldest created_at any instance reported'),
  first_seen: unixSeconds('When this server first saw the key'),
  last_seen: unixSeconds('Newest occurrence'),
  latest_class: str,
  latest_message: str,
  status: { type: 'string', enum: ['new', 'active', 'regressed', 'resolved'] },
  resolved_at: nullable('integer'),
  regressed_at: nullable('integer'),
  resolve_count: int,
  count_since_resolved: int,
  trend: { type: 'array', items: int, description: 'Occurrences per hour for the last 24 hours, oldest first (only with trend=1)' },
};

export const errorSummary: Schema = object(errorSummaryProperties, ['trend']);

export const serviceSummary: Schema = object({
  name: str,
  keys: { ...severityCounts, description: 'Unresolved aggregation keys per severity' },
  occurrences: { ...severityCounts, description: 'Sum of total_count over unresolved keys, per severity' },
  last_seen: nullable('integer'),
  targets: object({ total: int, up: int, down: int, unknown: int }),
  keys_refused: { type: 'integer', description: 'New keys refused since the service reached aggregation.limits.max_keys_per_service' },
  breakdown_labels: {
    type: 'object',
    description: 'Per breakdown label (aggregation.breakdown_labels), the values its discovered targets carry, most targets first (at most 10)',
    additionalProperties: { type: 'array', items: object({ value: str, targets: int }) },
  },
});

export const errorPage: Schema = object({
  service: str,
  total: int,
  offset: int,
  limit: int,
  version: { type: 'string', description: "Changes whenever the service's aggregates change; also the ETag" },
  keys_refused: { type: 'integer', description: 'New keys refused since the service reached aggregation.limits.max_keys_per_service' },
  items: { type: 'array', items: errorSummary },
});

const notificationKind: Schema = { type: 'string', enum: ['slack', 'webhook', 'alertmanager'] };
const notificationEvent: Schema = { type: 'string', enum: ['new', 'regression', 'spike'] };

export const serviceNotificationsView: Schema = object({
  service: str,
  routes: {
    type: 'array',
    description: 'In order; the first that matches an error severity and event sends it',
    items: object({
      receiver: str,
      kind: notificationKind,
      events: { type: 'array', items: notificationEvent },
      severities: { type: ['array', 'null'], items: str },
      repeat_interval_seconds: { type: 'number' },
    }),
  },
  deliveries: {
    type: 'array',
    description: 'Newest first',
    items: object(
      {
        at: unixSeconds('When it was attempted'),
        receiver: str,
        event: { type: 'string', enum: ['new', 'regression', 'spike', 'resolved'] },
        aggregation_key: str,
        outcome: { type: 'string', enum: ['sent', 'failed', 'dropped'] },
        attempt: int,
        error: str,
      },
      ['error'],
    ),
  },
});

const breakdownValue: Schema = object(
  {
    value: str,
    count: int,
    first_seen: unixSeconds('First occurrence on a target with this value'),
    last_seen: unixSeconds('Last occurrence on a target with this value'),
    other: { type: 'boolean', description: 'The values folded together past the cap' },
    trend: { type: 'array', items: int, description: 'Occurrences per hour on targets with this value over the last 24 hours, oldest first' },
  },
  ['other', 'trend'],
);
export const breakdown: Schema = { type: 'object', description: 'Per breakdown label, its values, most frequent first', additionalProperties: { type: 'array', items: breakdownValue } };
export const errorDetailView: Schema = object(
  {
    ...errorSummaryProperties,
    service: str,
    breakdown,
    first_seen_in: {
      type: 'object',
      description: 'Per breakdown label, the value the key was first seen in (earliest first_seen); absent for a label whose first value was folded into other',
      additionalProperties: { type: 'string' },
    },
    last_resolution: {
      type: ['object', 'null'],
      description: 'Who resolved the key last and when (Unix ms); null if never',
      properties: { by: str, at: int },
      required: ['by', 'at'],
      additionalProperties: false,
    },
    latest_errors: { type: 'array', items: apiOccurrence },
  },
  ['trend', 'first_seen_in'],
);

export const meView: Schema = object({
  name: { type: 'string', description: 'A person, a token name, or "anonymous"' },
  via: { type: 'string', enum: ['anonymous', 'token', 'session', 'proxy'] },
  role: { type: ['string', 'null'], enum: ['viewer', 'resolver', 'admin', null] },
  can_resolve: { type: 'boolean' },
  sign_in: { type: 'boolean', description: 'Sign-in with OpenID Connect is configured' },
});

export const trendView: Schema = object({
  service: str,
  aggregation_key: str,
  resolution: { type: 'string', enum: ['minute', 'hour'] },
  buckets: { type: 'array', items: object({ t: unixSeconds('Bucket start'), count: int }) },
});

export const instancesView: Schema = object({
  service: str,
  aggregation_key: str,
  instances: { type: 'array', items: object({ target: str, address: nullable('string'), total_count: int, last_seen: int }) },
});

const targetHealth = object({
  status: { type: 'string', enum: ['up', 'down', 'unknown'] },
  last_scrape: nullable('integer'),
  duration_ms: nullable('integer'),
  error: nullable('string'),
  target_uuid: nullable('string'),
  aggregates: nullable('integer'),
  refused: { type: 'array', items: str },
});

export const targetsView: Schema = {
  type: 'object',
  description: 'Per service, its discovered targets with labels and last scrape health',
  additionalProperties: { type: 'array', items: object({ endpoint: str, url: str, labels: stringMap, discovered_labels: stringMap, health: targetHealth }) },
};

/** The wire format (representation/errors.proto as JSON): what `/errors` of every app returns. */
export const wirePayload: Schema = object(
  {
    target_uuid: str,
    aggregated_errors: {
      type: ['array', 'null'],
      items: object(
        {
          aggregation_key: str,
          total_count: int,
          severity: str,
          created_at: { type: 'string', description: 'RFC 3339' },
          latest_errors: {
            type: ['array', 'null'],
            items: object({ error: errorDetail, uuid: str, timestamp: { type: 'string', description: 'RFC 3339' }, severity: str, http_context: httpContext }),
          },
        },
        ['created_at'],
      ),
    },
  },
  ['target_uuid'],
);

/** Nest's error answer of the /api/* endpoints. */
export const httpError: Schema = object({ statusCode: int, message: { type: ['string', 'array'] }, error: str }, ['error']);

export const readiness: Schema = object({ status: { type: 'string', enum: ['up', 'down'] }, checks: stringMap });
