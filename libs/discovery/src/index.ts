export { Labels, TargetGroup, DiscoveredTarget } from './target-group';
export { Discoverer } from './discoverer';
export { parseRelabelConfigs, relabel, RelabelConfig, RelabelAction, RELABEL_ACTIONS } from './relabel';
export {
  parseServiceDiscovery,
  SD_CONFIG_KEYS,
  ServiceDiscoveryConfig,
  DiscoveryOptions,
  SdParseContext,
} from './sd-config';
export {
  ServiceDiscovery,
  ServiceDiscoverySpec,
  createServiceDiscovery,
  populateTargets,
  populateTargetsDetailed,
  PopulatedTargets,
  DroppedTarget,
} from './service-discovery';
export { isValidLabelName, sanitizeLabelName } from './label-names';
