import * as s from './api-schemas';

/**
 * What each route of the API answers, keyed by `METHOD url` as the controllers register it (Nest
 * drops trailing slashes). Attached to the routes as they register (see openapi.ts); a route of
 * the API's paths missing here appears in the document undescribed, which the e2e test refuses.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  params?: Record<string, unknown>;
  querystring?: Record<string, unknown>;
  response: Record<string, unknown>;
}

const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const text = (description: string, example?: string) => ({ description, content: { 'text/plain': { schema: { type: 'string', ...(example ? { example } : {}) } } } });
const serviceParam = { type: 'object', properties: { service: { type: 'string', description: 'Service name, as configured' } }, required: ['service'] };
const keyQuery = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: { key: { type: 'string', minLength: 1, maxLength: 4096, description: 'Aggregation key (a query parameter: keys hold /, @, spaces)' }, ...extra },
  required: ['key'],
});
const notFound = json(s.httpError, 'Unknown service or key');
const badRequest = json(s.httpError, 'Invalid query parameter');
const notModified = { type: 'null', description: 'Not modified since the ETag sent in If-None-Match' };

const PERISKOP = 'Periskop API';
const DASHBOARD = 'Dashboard API';
const OPERATIONS = 'Operations';
const FEDERATION = 'Federation';

/**
 * Periskop's paths as the original spells them (trailing slash; the key of a resolve named):
 * the routes register without the slash (both forms answer), the document shows the original's.
 */
export const DOCUMENTED_URLS: Record<string, string> = {
  '/services': '/services/',
  '/services/:service/errors': '/services/:service/errors/',
  '/services/:service/errors/*': '/services/:service/errors/:key/',
  '/targets': '/targets/',
};

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /services': {
    summary: 'Names of the configured services',
    tags: [PERISKOP],
    response: { 200: json({ type: 'array', items: { type: 'string' } }, 'Service names') },
  },
  'GET /services/:service/errors': {
    summary: 'Every unresolved aggregate of a service with its newest 100 occurrences',
    description:
      "Periskop's answer, newest first; times in Unix seconds. Built once per change of the service and shared by every caller; gzip (or br) when Accept-Encoding allows it, sent with an ETag, and a poll with If-None-Match answers 304 while the list is unchanged.",
    tags: [PERISKOP],
    params: serviceParam,
    response: { 200: json({ type: 'array', items: s.apiAggregate }, 'Aggregates'), 304: notModified, 404: text('Unknown service', 'service checkout not found') },
  },
  'DELETE /services/:service/errors/*': {
    summary: 'Resolve an error',
    description: 'The key is the rest of the path (it may contain `/`; send it URL-encoded), a trailing slash optional. 204 even for an unknown key of a known service, as Periskop answers.',
    tags: [PERISKOP],
    params: { type: 'object', properties: { service: { type: 'string' }, key: { type: 'string', description: 'Aggregation key, URL-encoded' } }, required: ['service', 'key'] },
    response: { 204: { type: 'null', description: 'Resolved' }, 404: text('Unknown service') },
  },
  'GET /targets': {
    summary: 'Targets of every service',
    tags: [PERISKOP],
    response: { 200: json(s.apiTargets, 'Per service, its scraped endpoints') },
  },
  'GET /api/me': {
    summary: 'Who the request is from, and whether it may resolve',
    tags: [DASHBOARD],
    response: { 200: json(s.meView, 'The identity') },
  },
  'GET /auth/login': {
    summary: 'Starts sign-in with OpenID Connect (authorization code + PKCE)',
    tags: [OPERATIONS],
    querystring: { type: 'object', properties: { return_to: { type: 'string', description: 'A dashboard route (#/…) to come back to' } } },
    response: { 302: { type: 'null', description: "To the provider's login page" }, 404: json(s.httpError, 'Sign-in is not configured'), 502: json(s.httpError, 'The provider cannot be reached') },
  },
  'GET /auth/callback': {
    summary: "The provider's redirect back after sign-in",
    tags: [OPERATIONS],
    response: {
      302: { type: 'null', description: 'Signed in: back to the dashboard' },
      400: json(s.httpError, 'No sign-in in progress, or it failed'),
      404: json(s.httpError, 'Sign-in is not configured'),
    },
  },
  'POST /auth/logout': {
    summary: 'Signs out (same origin only)',
    tags: [OPERATIONS],
    response: { 204: { type: 'null', description: 'Signed out' }, 403: json(s.httpError, 'Cross-site sign-out refused'), 404: json(s.httpError, 'Sign-in is not configured') },
  },
  'POST /-/reload': {
    summary: 'Reloads the configuration file here, and every scheduler and API replica follows (admin)',
    tags: [OPERATIONS],
    response: {
      200: json(
        { type: 'object', properties: { status: { const: 'success' }, version: { type: 'string' }, changed: { type: 'boolean' } }, required: ['status', 'version', 'changed'] },
        'Loaded (the running config if nothing changed)',
      ),
      500: json(
        { type: 'object', properties: { status: { const: 'error' }, problems: { type: 'array', items: { type: 'string' } } }, required: ['status', 'problems'] },
        'The file is invalid: the running config stays',
      ),
    },
  },
  'GET /-/health': {
    summary: 'Liveness',
    tags: [OPERATIONS],
    response: { 200: text('The process answers', 'OK') },
  },
  'GET /-/ready': {
    summary: 'Readiness: Redis answers',
    tags: [OPERATIONS],
    response: { 200: json(s.readiness, 'Ready'), 503: json(s.readiness, 'A dependency is down') },
  },
  'GET /metrics': {
    summary: 'Prometheus metrics of this app',
    tags: [OPERATIONS],
    response: { 200: text('Prometheus text format 0.0.4') },
  },
  'GET /errors': {
    summary: "This app's own errors, in the wire format clients expose",
    tags: [OPERATIONS],
    response: { 200: json(s.wirePayload, 'Payload as representation/errors.proto describes it') },
  },
  'GET /federate/:service': {
    summary: "A service's aggregates in the scraped wire format, for a parent Periskop to scrape",
    description:
      'Lifetime counts (a resolve never lowers them), resolved keys included, the newest 100 occurrences per key, and one `target_uuid` per cluster and service that every API replica and restart answers alike. A parent scrapes it with `scraper.endpoint: /federate/<service>`.',
    tags: [FEDERATION],
    params: serviceParam,
    response: { 200: json(s.wirePayload, 'Payload as representation/errors.proto describes it'), 404: text('Unknown service', 'service checkout not found') },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    tags: [OPERATIONS],
    response: { 200: json({ type: 'object' }, 'OpenAPI 3.1') },
  },
  'GET /api/services': {
    summary: 'Per service: unresolved keys and occurrences per severity, last seen, target health counts, the breakdown label values its targets carry',
    tags: [DASHBOARD],
    response: { 200: json({ type: 'array', items: s.serviceSummary }, 'Service summaries') },
  },
  'GET /api/services/:service/errors': {
    summary: "One page of a service's error summaries (no samples)",
    description: "Sent with an ETag derived from the page's content; a poll with If-None-Match answers 304 while the page is unchanged, even when other keys of the service change.",
    tags: [DASHBOARD],
    params: serviceParam,
    querystring: {
      type: 'object',
      properties: {
        sort: { type: 'string', enum: ['latest', 'count', 'first', 'key'], default: 'latest' },
        order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
        severity: { type: 'string', enum: ['error', 'warning', 'info'] },
        status: { type: 'string', enum: ['active', 'resolved', 'all'], default: 'active' },
        q: { type: 'string', maxLength: 500, description: 'Search in key, class, message and stack trace' },
        offset: { type: 'integer', minimum: 0, default: 0 },
        limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        trend: { type: 'string', enum: ['0', '1', 'true', 'false'], description: 'Add hourly sparklines' },
        label: {
          type: 'array',
          items: { type: 'string', pattern: '^[^=]+=.+$' },
          description: 'Only keys seen on targets with this breakdown label value (label=value, repeatable); counts are then those of the matching value',
        },
      },
    },
    response: { 200: json(s.errorPage, 'A page of summaries'), 304: notModified, 400: badRequest, 404: notFound },
  },
  'GET /api/services/:service/error': {
    summary: 'One error with its latest occurrences, its breakdown per label value (with hourly trend) and the value each label first saw it in',
    tags: [DASHBOARD],
    params: serviceParam,
    querystring: keyQuery({ limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }),
    response: { 200: json(s.errorDetailView, 'The error'), 304: notModified, 400: badRequest, 404: notFound },
  },
  'GET /api/services/:service/trend': {
    summary: 'Occurrences of one error per minute (24 h) or per hour (30 days)',
    tags: [DASHBOARD],
    params: serviceParam,
    querystring: keyQuery({ resolution: { type: 'string', enum: ['minute', 'hour'], default: 'minute' } }),
    response: { 200: json(s.trendView, 'Buckets, oldest first'), 400: badRequest, 404: notFound },
  },
  'GET /api/services/:service/instances': {
    summary: 'Which targets report one error, with their counts',
    tags: [DASHBOARD],
    params: serviceParam,
    querystring: keyQuery(),
    response: { 200: json(s.instancesView, 'Targets reporting the key'), 400: badRequest, 404: notFound },
  },
  'GET /api/services/:service/notifications': {
    summary: 'The notification routes that can send about a service, and its last deliveries',
    tags: [DASHBOARD],
    params: serviceParam,
    response: { 200: json(s.serviceNotificationsView, 'Routes and deliveries'), 404: notFound },
  },
  'GET /api/targets': {
    summary: 'Discovered targets with labels and last scrape health',
    tags: [DASHBOARD],
    response: { 200: json(s.targetsView, 'Per service, its targets') },
  },
};
