import { defineMechanism } from '../discoverer';
import { createOciDiscoverer } from './oci-discoverer';
import { OciSdConfig, parseOciSdConfig } from './oci-sd-config';

export const ociMechanism = defineMechanism<OciSdConfig>({
  key: 'oci_sd_configs',
  parse: (raw, ctx) => parseOciSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createOciDiscoverer(c, ctx.options),
});
