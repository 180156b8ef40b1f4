import { defineMechanism } from '../discoverer';
import { createHetznerDiscoverer } from './hetzner-discoverer';
import { HetznerSdConfig, parseHetznerSdConfig } from './hetzner-sd-config';

export const hetznerMechanism = defineMechanism<HetznerSdConfig>({
  key: 'hetzner_sd_configs',
  parse: (raw, ctx) => parseHetznerSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createHetznerDiscoverer(c, ctx.options),
});
