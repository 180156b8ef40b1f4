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
}

export interface RedisSettings {
  /** `redis://host:port/db`; the REDIS_URL environment variable wins. */
  url: string | null;
  /** Redis Cluster seed nodes `host:port`; REDIS_CLUSTER_NODES wins. */
  clusterNodes: string[];
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
}
