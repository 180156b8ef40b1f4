import { createHash } from 'node:crypto';
import type { FollowRedirects, TlsFileConfig } from '@periskop/common';
import type { PayloadLimits } from '@periskop/wire';

/**
 * One scrape of one target. It carries everything the scraper needs, so scrapers hold no
 * config and any replica can take any job.
 */
export interface ScrapeJob {
  service: string;
  address: string;
  url: string;
  /**
   * The cycle's token: its boundary in ms on Redis's clock (see CycleClaims). It only grows per
   * service, also across interval changes, so the merge may use it to order scrapes.
   */
  cycle: number;
  timeoutMs: number;
  maxResponseBytes: number;
  sampleCap: number;
  targetTtlMs: number;
  limits: PayloadLimits;
  /** `scraper.follow_redirects`; same_host when absent (a job of an older scheduler). */
  followRedirects?: FollowRedirects;
  /** `scraper.tls_config` as absolute file paths (the scraper reads and caches the files), or null. */
  tls?: TlsFileConfig | null;
  /** aggregation.limits.max_keys_per_service (jobs queued by an older scheduler lack it). */
  maxKeysPerService?: number;
  /** The target's values of aggregation.breakdown_labels it has (absent: no breakdown). */
  breakdown?: Record<string, string>;
  /** aggregation.breakdown_values: values kept per breakdown label. */
  breakdownCap?: number;
}

/**
 * One job id per target, the same every cycle: while a target's job is still waiting or running,
 * adding the next cycle's job is a no-op, so a slow target never piles up duplicates and two
 * jobs of one target never run at once. (BullMQ ids may not contain ':' or be all digits.)
 */
export function scrapeJobId(service: string, url: string): string {
  return `t-${createHash('sha1').update(`${service}\0${url}`).digest('hex').slice(0, 32)}`;
}
