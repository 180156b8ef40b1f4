import { defineMechanism } from '../discoverer';
import { ElasticacheSdConfig, parseElasticacheSdConfig } from './elasticache-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./elasticache-discoverer') as typeof import('./elasticache-discoverer');

export const elasticacheMechanism = defineMechanism<ElasticacheSdConfig>({
  key: 'elasticache_sd_configs',
  parse: (raw) => parseElasticacheSdConfig(raw),
  create: (c, ctx) => discoverer().createElasticacheDiscoverer(c, ctx.options),
});
