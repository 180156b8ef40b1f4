import { defineMechanism } from '../discoverer';
import { MskSdConfig, parseMskSdConfig } from './msk-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./msk-discoverer') as typeof import('./msk-discoverer');

export const mskMechanism = defineMechanism<MskSdConfig>({
  key: 'msk_sd_configs',
  parse: (raw) => parseMskSdConfig(raw),
  create: (c, ctx) => discoverer().createMskDiscoverer(c, ctx.options),
});
