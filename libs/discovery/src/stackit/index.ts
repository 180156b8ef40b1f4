import { defineMechanism } from '../discoverer';
import { createStackitDiscoverer } from './stackit-discoverer';
import { parseStackitSdConfig, StackitSdConfig } from './stackit-sd-config';

export const stackitMechanism = defineMechanism<StackitSdConfig>({
  key: 'stackit_sd_configs',
  parse: (raw, ctx) => parseStackitSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createStackitDiscoverer(c, ctx.options),
});
