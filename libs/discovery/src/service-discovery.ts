import { EventEmitter } from 'node:events';
import type { Discoverer } from './discoverer';
import { relabel, RelabelConfig } from './relabel';
import { DiscoveryOptions, mechanismFor, ServiceDiscoveryConfig } from './sd-config';
import type { DiscoveredTarget, Labels, TargetGroup } from './target-group';

export interface ServiceDiscoverySpec {
  service: string;
  sd: ServiceDiscoveryConfig;
  relabelConfigs: RelabelConfig[];
  /** The service's `scraper.endpoint`: the default `__metrics_path__`. */
  endpoint: string;
}

/**
 * All SD mechanisms of one service, merged into one deduplicated, relabeled target list
 * (Prometheus's target population). Emits `change` when the list changes.
 */
export class ServiceDiscovery extends EventEmitter {
  private readonly discoverers: Discoverer[] = [];
  private readonly groups = new Map<string, TargetGroup>();
  private current: DiscoveredTarget[] = [];

  constructor(
    private readonly spec: ServiceDiscoverySpec,
    private readonly options: DiscoveryOptions = {},
  ) {
    super();
  }

  async start(): Promise<void> {
    let index = 0;
    for (const block of this.spec.sd) {
      const mechanism = mechanismFor(block.key);
      if (!mechanism) continue;
      for (const config of block.configs) {
        this.discoverers.push(mechanism.create(config, { service: this.spec.service, index: index++, options: this.options }));
      }
    }
    await Promise.all(this.discoverers.map((d) => d.start((groups) => this.update(groups))));
  }

  async stop(): Promise<void> {
    await Promise.all(this.discoverers.map((d) => d.stop()));
  }

  targets(): DiscoveredTarget[] {
    return this.current;
  }

  private update(groups: TargetGroup[]): void {
    for (const group of groups) {
      if (group.targets.length === 0) this.groups.delete(group.source);
      else this.groups.set(group.source, group);
    }
    this.current = populateTargets([...this.groups.values()], this.spec);
    this.emit('change', this.current);
  }
}

/** Group labels under target labels, relabel, drop `__meta_*`, default `instance`, dedupe. */
export function populateTargets(groups: TargetGroup[], spec: Pick<ServiceDiscoverySpec, 'relabelConfigs' | 'endpoint'>): DiscoveredTarget[] {
  const seen = new Set<string>();
  const out: DiscoveredTarget[] = [];
  for (const group of groups) {
    for (const target of group.targets) {
      const discovered: Labels = { ...group.labels, ...target };
      if (!discovered.__scheme__) discovered.__scheme__ = 'http';
      if (!discovered.__metrics_path__) discovered.__metrics_path__ = spec.endpoint;
      const result = relabel(discovered, spec.relabelConfigs);
      if (!result || !result.__address__) continue;
      const url = `${result.__scheme__ || 'http'}://${result.__address__}${result.__metrics_path__ ?? spec.endpoint}`;
      if (seen.has(url)) continue;
      seen.add(url);
      const labels: Labels = {};
      for (const [k, v] of Object.entries(result)) if (!k.startsWith('__') && v !== '') labels[k] = v;
      if (!labels.instance) labels.instance = result.__address__;
      out.push({ address: result.__address__, url, labels, discoveredLabels: discovered });
    }
  }
  return out;
}

export function createServiceDiscovery(spec: ServiceDiscoverySpec, options?: DiscoveryOptions): ServiceDiscovery {
  return new ServiceDiscovery(spec, options);
}
