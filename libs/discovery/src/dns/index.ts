import { defineMechanism } from '../discoverer';
import { createDnsDiscoverer } from './dns-discoverer';
import { DnsSdConfig, parseDnsSdConfig } from './dns-sd-config';

export const dnsMechanism = defineMechanism<DnsSdConfig>({
  key: 'dns_sd_configs',
  parse: (raw) => parseDnsSdConfig(raw),
  create: (c, ctx) => createDnsDiscoverer(c, ctx.options),
});
