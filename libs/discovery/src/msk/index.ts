import { defineMechanism } from '../discoverer';
import { createMskDiscoverer } from './msk-discoverer';
import { MskSdConfig, parseMskSdConfig } from './msk-sd-config';

export const mskMechanism = defineMechanism<MskSdConfig>({
  key: 'msk_sd_configs',
  parse: (raw) => parseMskSdConfig(raw),
  create: (c, ctx) => createMskDiscoverer(c, ctx.options),
});
