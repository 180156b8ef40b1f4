import { defineMechanism } from '../discoverer';
import { createMarathonDiscoverer } from './marathon-discoverer';
import { MarathonSdConfig, parseMarathonSdConfig } from './marathon-sd-config';

export const marathonMechanism = defineMechanism<MarathonSdConfig>({
  key: 'marathon_sd_configs',
  parse: (raw, ctx) => parseMarathonSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createMarathonDiscoverer(c, ctx.options),
});
