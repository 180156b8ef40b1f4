import { defineMechanism } from '../discoverer';
import { OutscaleSdConfig, parseOutscaleSdConfig } from './outscale-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./outscale-discoverer') as typeof import('./outscale-discoverer');

export const outscaleMechanism = defineMechanism<OutscaleSdConfig>({
  key: 'outscale_sd_configs',
  parse: (raw, ctx) => parseOutscaleSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => discoverer().createOutscaleDiscoverer(c, ctx.options),
});
