import { defineMechanism } from '../discoverer';
import { createOvhcloudDiscoverer } from './ovhcloud-discoverer';
import { OvhcloudSdConfig, parseOvhcloudSdConfig } from './ovhcloud-sd-config';

export const ovhcloudMechanism = defineMechanism<OvhcloudSdConfig>({
  key: 'ovhcloud_sd_configs',
  parse: (raw) => parseOvhcloudSdConfig(raw),
  create: (c, ctx) => createOvhcloudDiscoverer(c, ctx.options),
});
