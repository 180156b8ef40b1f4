import { defineMechanism } from '../discoverer';
import { LightsailSdConfig, parseLightsailSdConfig } from './lightsail-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./lightsail-discoverer') as typeof import('./lightsail-discoverer');

export const lightsailMechanism = defineMechanism<LightsailSdConfig>({
  key: 'lightsail_sd_configs',
  parse: (raw) => parseLightsailSdConfig(raw),
  create: (c, ctx) => discoverer().createLightsailDiscoverer(c, ctx.options),
});
