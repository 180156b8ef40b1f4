import { defineMechanism } from '../discoverer';
import { parseRdsSdConfig, RdsSdConfig } from './rds-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./rds-discoverer') as typeof import('./rds-discoverer');

export const rdsMechanism = defineMechanism<RdsSdConfig>({
  key: 'rds_sd_configs',
  parse: (raw) => parseRdsSdConfig(raw),
  create: (c, ctx) => discoverer().createRdsDiscoverer(c, ctx.options),
});
