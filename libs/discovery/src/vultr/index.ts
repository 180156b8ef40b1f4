import { defineMechanism } from '../discoverer';
import { createVultrDiscoverer } from './vultr-discoverer';
import { parseVultrSdConfig, VultrSdConfig } from './vultr-sd-config';

export const vultrMechanism = defineMechanism<VultrSdConfig>({
  key: 'vultr_sd_configs',
  parse: (raw, ctx) => parseVultrSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createVultrDiscoverer(c, ctx.options),
});
