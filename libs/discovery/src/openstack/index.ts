import { defineMechanism } from '../discoverer';
import { createOpenstackDiscoverer } from './openstack-discoverer';
import { OpenstackSdConfig, parseOpenstackSdConfig } from './openstack-sd-config';

export const openstackMechanism = defineMechanism<OpenstackSdConfig>({
  key: 'openstack_sd_configs',
  parse: (raw, ctx) => parseOpenstackSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createOpenstackDiscoverer(c, ctx.options),
});
