import type { Discoverer, DiscoveryOptions, ServiceDiscoveryConfig } from './discoverer';
import { mechanismFor } from './install';
import { relabel, RelabelConfig } from './relabel/relabel';
import { compareCodePoints } from './relabel/go-strings';
import type { DiscoveredTarget, Labels, TargetGroup } from './target-group';

export interface ServiceDiscoverySpec {
  service: string;
  sd: ServiceDiscoveryConfig;
  relabelConfigs: RelabelConfig[];
  /** The service's `scraper.endpoint`: the default `__metrics_path__`. */
  endpoint: string;
}

/** A discovered target that did not become a scrape target, and why (Prometheus's "dropped"). */
export interface DroppedTarget {
  discoveredLabels: Labels;
  reason: string;
}

export interface PopulatedTargets {
  active: DiscoveredTarget[];
  dropped: DroppedTarget[];
}

/**
 * All SD mechanisms of one service, merged into one deduplicated, relabeled target list
 * (Prometheus's target population). Callers read `targets()` when they need them (the scheduler
 * at each cycle), so nothing is announced.
 */
export class ServiceDiscovery {
  private readonly discoverers: Discoverer[] = [];
  /** Groups by discoverer and source: a later group with the same source replaces the earlier one. */
  private readonly groups = new Map<string, TargetGroup>();
  private current: PopulatedTargets = { active: [], dropped: [] };

  constructor(
    private readonly spec: ServiceDiscoverySpec,
    private readonly options: DiscoveryOptions = {},
  ) {}

  /** Starts every mechanism; resolves once each has made its first attempt. */
  async start(): Promise<void> {
    let index = 0;
    for (const block of this.spec.sd) {
      const mechanism = mechanismFor(block.key);
      if (!mechanism) continue;
      for (const config of block.configs) {
        this.discoverers.push(mechanism.create(config, { service: this.spec.service, index: index++, options: this.options }));
      }
    }
    await Promise.all(this.discoverers.map((d, i) => d.start((groups) => this.update(i, groups))));
  }

  async stop(): Promise<void> {
    await Promise.all(this.discoverers.map((d) => d.stop()));
  }

  targets(): DiscoveredTarget[] {
    return this.current.active;
  }

  /** Targets that relabeling dropped or that lack a usable address, with their discovered labels. */
  droppedTargets(): DroppedTarget[] {
    return this.current.dropped;
  }

  private update(discoverer: number, groups: TargetGroup[]): void {
    for (const group of groups) {
      const key = `${discoverer}\u0000${group.source}`;
      // An empty group is how a mechanism says "this source is gone".
      if (group.targets.length === 0) this.groups.delete(key);
      else this.groups.set(key, group);
    }
    this.current = populateTargetsDetailed([...this.groups.values()], this.spec);
  }
}

const META_PREFIX = '__meta_';
const PARAM_PREFIX = '__param_';

/** Prometheus's target population; returns only the targets to scrape. */
export function populateTargets(groups: TargetGroup[], spec: Pick<ServiceDiscoverySpec, 'relabelConfigs' | 'endpoint'>): DiscoveredTarget[] {
  return populateTargetsDetailed(groups, spec).active;
}

/**
 * For every target: group labels where the target lacks them, `__scheme__`/`__metrics_path__`
 * defaults, relabeling, address checks, `__meta_*` removal, `instance` defaulting, and dedupe by
 * labels and URL. Targets that drop out are returned with the reason.
 */
export function populateTargetsDetailed(groups: TargetGroup[], spec: Pick<ServiceDiscoverySpec, 'relabelConfigs' | 'endpoint'>): PopulatedTargets {
  const seen = new Set<string>();
  const active: DiscoveredTarget[] = [];
  const dropped: DroppedTarget[] = [];
  for (const group of groups) {
    for (const target of group.targets) {
      const discoveredLabels = discoveredLabelsOf(target, group.labels, spec.endpoint);
      const outcome = populateOne(discoveredLabels, spec.relabelConfigs);
      if ('reason' in outcome) {
        dropped.push(outcome);
        continue;
      }
      const key = JSON.stringify([outcome.url, Object.entries(outcome.labels)]);
      if (seen.has(key)) continue;
      seen.add(key);
      active.push(outcome.target);
    }
  }
  return { active, dropped };
}

function discoveredLabelsOf(target: Labels, groupLabels: Labels, endpoint: string): Labels {
  const lset: Labels = { ...target };
  // Presence, not value, decides: a target's own label wins over the group's.
  for (const [name, value] of Object.entries(groupLabels)) if (!(name in lset)) lset[name] = value;
  if (!lset.__scheme__) lset.__scheme__ = 'http';
  if (!lset.__metrics_path__) lset.__metrics_path__ = endpoint;
  const out: Labels = {};
  for (const name of Object.keys(lset).sort(compareCodePoints)) if (lset[name] !== '') out[name] = lset[name];
  return out;
}

type Outcome = DroppedTarget | { target: DiscoveredTarget; url: string; labels: Labels };

function populateOne(discoveredLabels: Labels, configs: RelabelConfig[]): Outcome {
  const result = relabel(discoveredLabels, configs);
  if (!result) return { discoveredLabels, reason: 'dropped by relabeling' };
  const address = result.__address__ ?? '';
  if (address === '') return { discoveredLabels, reason: 'no address' };
  if (address.includes('/')) return { discoveredLabels, reason: `${JSON.stringify(address)} is not a valid hostname` };
  const scheme = result.__scheme__ ?? '';
  if (scheme !== 'http' && scheme !== 'https') return { discoveredLabels, reason: `unsupported scheme ${JSON.stringify(scheme)}` };
  const kept: Labels = {};
  for (const [name, value] of Object.entries(result)) if (!name.startsWith(META_PREFIX)) kept[name] = value;
  if (!kept.instance) kept.instance = address;
  const metricsPath = kept.__metrics_path__ ?? '';
  const query = scrapeQuery(kept);
  const url = `${scheme}://${address}${metricsPath}${query ? `?${query}` : ''}`;
  const labels: Labels = {};
  for (const [name, value] of Object.entries(kept)) if (!name.startsWith('__')) labels[name] = value;
  return { target: { scheme, address, metricsPath, query, url, labels, discoveredLabels }, url, labels: kept };
}

/** The `__param_<k>` labels as a query string (without `?`). */
function scrapeQuery(labels: Labels): string {
  const query = new URLSearchParams();
  for (const name of Object.keys(labels).sort()) {
    if (name.startsWith(PARAM_PREFIX)) query.append(name.slice(PARAM_PREFIX.length), labels[name]);
  }
  return query.toString();
}

export function createServiceDiscovery(spec: ServiceDiscoverySpec, options?: DiscoveryOptions): ServiceDiscovery {
  return new ServiceDiscovery(spec, options);
}
