import { defineMechanism } from '../discoverer';
import { createOutscaleDiscoverer } from './outscale-discoverer';
import { OutscaleSdConfig, parseOutscaleSdConfig } from './outscale-sd-config';

export const outscaleMechanism = defineMechanism<OutscaleSdConfig>({
  key: 'outscale_sd_configs',
  parse: (raw, ctx) => parseOutscaleSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createOutscaleDiscoverer(c, ctx.options),
});
