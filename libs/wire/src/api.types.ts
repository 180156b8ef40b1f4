/**
 * JSON of the endpoints this server adds beside Periskop's (under /api/). Shared with the
 * dashboard. Times are Unix seconds, as in Periskop's own API.
 */
import type { ApiOccurrence } from './payload.types';

export type ErrorStatus = 'new' | 'active' | 'regressed' | 'resolved';

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface ServiceSummary {
  name: string;
  /** Unresolved aggregation keys per severity. */
  keys: SeverityCounts;
  /** Sum of total_count over unresolved keys, per severity. */
  occurrences: SeverityCounts;
  last_seen: number | null;
  targets: { total: number; up: number; down: number; unknown: number };
  /** New keys refused since the service reached `aggregation.limits.max_keys_per_service`. */
  keys_refused: number;
  /**
   * Per breakdown label (`aggregation.breakdown_labels`, in config order), the values the
   * service's discovered targets carry, most targets first; `{}` when none is configured.
   */
  breakdown_labels?: Record<string, KnownLabelValue[]>;
}

/** A breakdown label value and how many of the service's discovered targets carry it. */
export interface KnownLabelValue {
  value: string;
  targets: number;
}

export type ErrorSort = 'latest' | 'count' | 'first' | 'key';

export interface ErrorSummary {
  aggregation_key: string;
  total_count: number;
  severity: string;
  /** Oldest `created_at` any instance reported. */
  created_at: number;
  /** When this server first saw the key. */
  first_seen: number;
  /** Newest occurrence timestamp. */
  last_seen: number;
  latest_class: string;
  latest_message: string;
  status: ErrorStatus;
  resolved_at: number | null;
  regressed_at: number | null;
  resolve_count: number;
  /** Occurrences counted since the last resolution (equal to total_count if never resolved). */
  count_since_resolved: number;
  /** Occurrences per hour for the last 24 hours, oldest first (sparkline). */
  trend?: number[];
}

export interface ErrorPage {
  service: string;
  total: number;
  offset: number;
  limit: number;
  /** Changes whenever the service's aggregates change; also sent as the ETag. */
  version: string;
  /** New keys refused since the service reached `aggregation.limits.max_keys_per_service`. */
  keys_refused: number;
  items: ErrorSummary[];
}

export interface ErrorDetailView extends ErrorSummary {
  service: string;
  /** Who resolved this key last (a person, a token's name or "anonymous") and when; null if never. */
  last_resolution: { by: string; at: number } | null;
  /** Newest first, at most the configured sample size. */
  latest_errors: ApiOccurrence[];
  /** Per breakdown label (aggregation.breakdown_labels), the key's count per label value; `{}` when none is configured. */
  breakdown?: Breakdown;
  /**
   * Per breakdown label, the value the key was first seen in (the earliest first_seen), e.g.
   * `{ "version": "2.0" }`; a label is absent when that value was folded into "other".
   */
  first_seen_in?: Record<string, string>;
}

/** One value of a breakdown label: how often the key occurred on targets with it, first and last (Unix seconds). */
export interface BreakdownValue {
  /** The label value; `""` with `other: true` for the values folded together past the cap. */
  value: string;
  count: number;
  first_seen: number;
  last_seen: number;
  other?: boolean;
  /** Occurrences per hour on targets with this value over the last 24 hours, oldest first (error detail only). */
  trend?: number[];
}

/** Label name -> its values, most frequent first. */
export type Breakdown = Record<string, BreakdownValue[]>;

export interface TrendBucket {
  /** Bucket start, Unix seconds. */
  t: number;
  count: number;
}

export interface TrendView {
  service: string;
  aggregation_key: string;
  resolution: 'minute' | 'hour';
  buckets: TrendBucket[];
}

export interface InstanceCount {
  /** target_uuid, or the target URL when the client sends none. */
  target: string;
  /** The address it was last scraped at. */
  address: string | null;
  total_count: number;
  last_seen: number;
}

export interface InstancesView {
  service: string;
  aggregation_key: string;
  instances: InstanceCount[];
}

export type TargetStatus = 'up' | 'down' | 'unknown';

export interface TargetHealth {
  status: TargetStatus;
  last_scrape: number | null;
  duration_ms: number | null;
  error: string | null;
  target_uuid: string | null;
  aggregates: number | null;
  /** Aggregates or occurrences of the last payload that were refused, with reasons. */
  refused: string[];
}

export interface TargetView {
  endpoint: string;
  url: string;
  labels: Record<string, string>;
  discovered_labels: Record<string, string>;
  health: TargetHealth;
}

export type TargetsView = Record<string, TargetView[]>;

/** A route that can send messages about a service (`GET /api/services/:service/notifications`). */
export interface NotificationRouteView {
  receiver: string;
  kind: 'slack' | 'webhook' | 'alertmanager';
  events: Array<'new' | 'regression' | 'spike'>;
  /** Null: every severity. */
  severities: string[] | null;
  repeat_interval_seconds: number;
}

/** One delivery attempt's outcome, newest first. */
export interface NotificationDeliveryView {
  /** Unix seconds. */
  at: number;
  receiver: string;
  event: 'new' | 'regression' | 'spike' | 'resolved';
  aggregation_key: string;
  outcome: 'sent' | 'failed' | 'dropped';
  attempt: number;
  error?: string;
}

export interface ServiceNotificationsView {
  service: string;
  /** In order; the first that matches an error's severity and event sends it. */
  routes: NotificationRouteView[];
  deliveries: NotificationDeliveryView[];
}

/** `GET /api/me`: who the dashboard is talking for, and what it may offer. */
export interface MeView {
  /** A person's user name, a token's name, or "anonymous". */
  name: string;
  via: 'anonymous' | 'token' | 'session' | 'proxy';
  role: 'viewer' | 'resolver' | 'admin' | null;
  can_resolve: boolean;
  /** Sign-in with OpenID Connect is configured: show Sign in / Sign out. */
  sign_in: boolean;
}
