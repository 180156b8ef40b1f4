import { defineMechanism } from '../discoverer';
import { createKumaDiscoverer } from './kuma-discoverer';
import { KumaSdConfig, parseKumaSdConfig } from './kuma-sd-config';

export const kumaMechanism = defineMechanism<KumaSdConfig>({
  key: 'kuma_sd_configs',
  parse: (raw, ctx) => parseKumaSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createKumaDiscoverer(c, ctx.options),
});
