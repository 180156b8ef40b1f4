import { defineMechanism } from '../discoverer';
import { createEurekaDiscoverer } from './eureka-discoverer';
import { EurekaSdConfig, parseEurekaSdConfig } from './eureka-sd-config';

export const eurekaMechanism = defineMechanism<EurekaSdConfig>({
  key: 'eureka_sd_configs',
  parse: (raw, ctx) => parseEurekaSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createEurekaDiscoverer(c, ctx.options),
});
