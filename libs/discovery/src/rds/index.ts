import { defineMechanism } from '../discoverer';
import { createRdsDiscoverer } from './rds-discoverer';
import { parseRdsSdConfig, RdsSdConfig } from './rds-sd-config';

export const rdsMechanism = defineMechanism<RdsSdConfig>({
  key: 'rds_sd_configs',
  parse: (raw) => parseRdsSdConfig(raw),
  create: (c, ctx) => createRdsDiscoverer(c, ctx.options),
});
