export { Labels, TargetGroup, DiscoveredTarget } from './target-group';
export { Discoverer, DiscoveryOptions, SdMechanism, SdParseContext, ServiceDiscoveryConfig } from './discoverer';
export { parseRelabelConfigs, relabel, RelabelConfig, RelabelAction, RELABEL_ACTIONS } from './relabel/relabel';
export { SD_CONFIG_KEYS } from './install';
export { parseServiceDiscovery } from './sd-config';
export { ServiceDiscovery, ServiceDiscoverySpec, createServiceDiscovery, populateTargets, populateTargetsDetailed, PopulatedTargets, DroppedTarget } from './service-discovery';
export { isValidLabelName, sanitizeLabelName } from './label-names';
export { parseVendorEndpoints } from './internal/vendor-endpoint';
