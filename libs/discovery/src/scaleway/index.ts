import { defineMechanism } from '../discoverer';
import { createScalewayDiscoverer } from './scaleway-discoverer';
import { parseScalewaySdConfig, ScalewaySdConfig } from './scaleway-sd-config';

export const scalewayMechanism = defineMechanism<ScalewaySdConfig>({
  key: 'scaleway_sd_configs',
  parse: (raw, ctx) => parseScalewaySdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createScalewayDiscoverer(c, ctx.options),
});
