import { defineMechanism } from '../discoverer';
import { EcsSdConfig, parseEcsSdConfig } from './ecs-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./ecs-discoverer') as typeof import('./ecs-discoverer');

export const ecsMechanism = defineMechanism<EcsSdConfig>({
  key: 'ecs_sd_configs',
  parse: (raw) => parseEcsSdConfig(raw),
  create: (c, ctx) => discoverer().createEcsDiscoverer(c, ctx.options),
});
