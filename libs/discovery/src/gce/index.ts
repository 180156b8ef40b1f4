import { defineMechanism } from '../discoverer';
import { createGceDiscoverer } from './gce-discoverer';
import { GceSdConfig, parseGceSdConfig } from './gce-sd-config';

export const gceMechanism = defineMechanism<GceSdConfig>({
  key: 'gce_sd_configs',
  parse: (raw) => parseGceSdConfig(raw),
  create: (c, ctx) => createGceDiscoverer(c, ctx.options),
});
