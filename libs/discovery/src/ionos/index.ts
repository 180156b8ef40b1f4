import { defineMechanism } from '../discoverer';
import { createIonosDiscoverer } from './ionos-discoverer';
import { IonosSdConfig, parseIonosSdConfig } from './ionos-sd-config';

export const ionosMechanism = defineMechanism<IonosSdConfig>({
  key: 'ionos_sd_configs',
  parse: (raw, ctx) => parseIonosSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createIonosDiscoverer(c, ctx.options),
});
