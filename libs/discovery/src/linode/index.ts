import { defineMechanism } from '../discoverer';
import { createLinodeDiscoverer } from './linode-discoverer';
import { LinodeSdConfig, parseLinodeSdConfig } from './linode-sd-config';

export const linodeMechanism = defineMechanism<LinodeSdConfig>({
  key: 'linode_sd_configs',
  parse: (raw, ctx) => parseLinodeSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createLinodeDiscoverer(c, ctx.options),
});
