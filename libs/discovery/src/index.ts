export { Labels, TargetGroup, DiscoveredTarget } from './target-group';
export { Discoverer } from './discoverer';
export { parseRelabelConfigs, relabel, RelabelConfig } from './relabel';
export {
  parseServiceDiscovery,
  SD_CONFIG_KEYS,
  ServiceDiscoveryConfig,
  DiscoveryOptions,
  SdParseContext,
} from './sd-config';
export { ServiceDiscovery, ServiceDiscoverySpec, createServiceDiscovery, populateTargets } from './service-discovery';
