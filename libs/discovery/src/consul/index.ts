import { defineMechanism } from '../discoverer';
import { ConsulDiscoverer } from './consul-discoverer';
import { ConsulSdConfig, parseConsulSdConfig } from './consul-sd-config';

export const consulMechanism = defineMechanism<ConsulSdConfig>({
  key: 'consul_sd_configs',
  parse: (raw, ctx) => parseConsulSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => new ConsulDiscoverer(c, ctx.options),
});
