import { defineMechanism } from '../discoverer';
import { createLightsailDiscoverer } from './lightsail-discoverer';
import { LightsailSdConfig, parseLightsailSdConfig } from './lightsail-sd-config';

export const lightsailMechanism = defineMechanism<LightsailSdConfig>({
  key: 'lightsail_sd_configs',
  parse: (raw) => parseLightsailSdConfig(raw),
  create: (c, ctx) => createLightsailDiscoverer(c, ctx.options),
});
