import { defineMechanism } from '../discoverer';
import { createTritonDiscoverer } from './triton-discoverer';
import { parseTritonSdConfig, TritonSdConfig } from './triton-sd-config';

export const tritonMechanism = defineMechanism<TritonSdConfig>({
  key: 'triton_sd_configs',
  parse: (raw, ctx) => parseTritonSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createTritonDiscoverer(c, ctx.options),
});
