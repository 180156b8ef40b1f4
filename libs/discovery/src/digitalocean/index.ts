import { defineMechanism } from '../discoverer';
import { createDigitalOceanDiscoverer } from './digitalocean-discoverer';
import { DigitalOceanSdConfig, parseDigitalOceanSdConfig } from './digitalocean-sd-config';

export const digitalOceanMechanism = defineMechanism<DigitalOceanSdConfig>({
  key: 'digitalocean_sd_configs',
  parse: (raw, ctx) => parseDigitalOceanSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createDigitalOceanDiscoverer(c, ctx.options),
});
