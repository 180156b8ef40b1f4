import { defineMechanism } from '../discoverer';
import { Ec2SdConfig, parseEc2SdConfig } from './ec2-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./ec2-discoverer') as typeof import('./ec2-discoverer');

export const ec2Mechanism = defineMechanism<Ec2SdConfig>({
  key: 'ec2_sd_configs',
  parse: (raw) => parseEc2SdConfig(raw),
  create: (c, ctx) => discoverer().createEc2Discoverer(c, ctx.options),
});
