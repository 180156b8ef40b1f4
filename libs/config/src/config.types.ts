import type { FollowRedirects, TlsFileConfig } from '@periskop/common';
import type { PayloadLimits } from '@periskop/wire';
import type { RelabelConfig, ServiceDiscoveryConfig } from '@periskop/discovery';
import type { AuthSettings } from './auth/auth.types';

/** Periskop's YAML, validated and with defaults applied. */
export interface PeriskopConfig {
  /** Absolute path of the file it came from, or null when parsed from text. */
  file: string | null;
  services: ServiceConfig[];
  /** Periskop's `repository` block: accepted for compatibility; storage is always Redis. */
  repository: { type: string };
  redis: RedisSettings;
  aggregation: AggregationSettings;
  notifications: NotificationSettings;
  security: SecuritySettings;
  /** Who may read, resolve and administer (`auth:`). */
  auth: AuthSettings;
}

export interface ServiceConfig {
  name: string;
  sd: ServiceDiscoveryConfig;
  relabelConfigs: RelabelConfig[];
  scraper: ScraperSettings;
}

export interface ScraperSettings {
  /** Path appended to every discovered address (Periskop: `scraper.endpoint`). */
  endpoint: string;
  refreshIntervalMs: number;
  /** Per-target request timeout. */
  timeoutMs: number;
  /** A response larger than this is refused. */
  maxResponseBytes: number;
  /** Which redirects a scrape follows (`scraper.follow_redirects`, default same_host). */
  followRedirects: FollowRedirects;
  /** `scraper.tls_config` with absolute paths, or null for the system's CAs and no client certificate. */
  tls: TlsFileConfig | null;
}

// How a scrape connects: the scrape job carries these too, so they live in libs/common.
export { FollowRedirects, FOLLOW_REDIRECTS, TlsFileConfig } from '@periskop/common';

export interface SecuritySettings {
  /** Lower-case header names whose values are never stored, logged or exported: the defaults plus `security.redact_headers`. */
  redactHeaders: string[];
}

export interface RedisSettings {
  /** `redis://host:port/db`; the REDIS_URL environment variable wins. */
  url: string | null;
  /** Redis Cluster seed nodes `host:port`; REDIS_CLUSTER_NODES wins. */
  clusterNodes: string[];
  /** ACL user; a user in the URL or a seed wins. */
  username: string | null;
  /** Absolute path of a file holding the password; a password in the URL or a seed wins. */
  passwordFile: string | null;
  /** Absolute path of the CA bundle for `rediss://`. */
  tlsCaFile: string | null;
}

export interface AggregationSettings {
  /** Latest occurrences kept per aggregation key across all instances. */
  samplesPerKey: number;
  /** A target that stops reporting is forgotten after this many of its service's cycles. */
  targetExpiryCycles: number;
  limits: PayloadLimits;
  /** Distinct aggregation keys a service may hold (`limits.max_keys_per_service`); new keys past it are refused. */
  maxKeysPerService: number;
  /** An aggregate no instance has reported for this long is deleted with its samples and trends; services no longer configured leave `/services/` after it too. */
  keyRetentionMs: number;
  /** Target labels each key is counted by (`breakdown_labels`); empty: no breakdown. */
  breakdownLabels: string[];
  /** Values kept per breakdown label and key (`breakdown_values`); the rest count as "other". */
  breakdownValues: number;
}

/** What a route can send; `resolved` ends Alertmanager alerts and is not routed itself. */
export type NotificationEventKind = 'new' | 'regression' | 'spike';

/** The `notifications` block: where new errors, regressions and spikes are told. */
export interface NotificationSettings {
  /** Base of the dashboard links in messages (`<externalUrl>/#/<service>/errors/<key>`). */
  externalUrl: string;
  receivers: ReceiverConfig[];
  /** First match wins. */
  routes: RouteConfig[];
  /** Null: spikes are not detected. */
  spike: SpikeSettings | null;
}

export type ReceiverConfig =
  | { name: string; kind: 'slack'; webhookUrl: string | null; webhookUrlFile: string | null }
  | { name: string; kind: 'webhook'; url: string; headers: Record<string, string> }
  | { name: string; kind: 'alertmanager'; url: string };

export interface RouteConfig {
  /** Null matches every service (likewise severities). */
  services: string[] | null;
  severities: string[] | null;
  events: NotificationEventKind[];
  receiver: string;
  /** At most one message per key and event within this long. */
  repeatIntervalMs: number;
}

export interface SpikeSettings {
  windowMs: number;
  /** A key spikes when its count in the window exceeds factor × its previous 24 h rate … */
  factor: number;
  /** … and is at least this many. */
  minCount: number;
}
