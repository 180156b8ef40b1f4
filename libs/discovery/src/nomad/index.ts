import { defineMechanism } from '../discoverer';
import { createNomadDiscoverer } from './nomad-discoverer';
import { NomadSdConfig, parseNomadSdConfig } from './nomad-sd-config';

export const nomadMechanism = defineMechanism<NomadSdConfig>({
  key: 'nomad_sd_configs',
  parse: (raw, ctx) => parseNomadSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createNomadDiscoverer(c, ctx.options),
});
