import { defineMechanism } from '../discoverer';
import { createUyuniDiscoverer } from './uyuni-discoverer';
import { parseUyuniSdConfig, UyuniSdConfig } from './uyuni-sd-config';

export const uyuniMechanism = defineMechanism<UyuniSdConfig>({
  key: 'uyuni_sd_configs',
  parse: (raw, ctx) => parseUyuniSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createUyuniDiscoverer(c, ctx.options),
});
