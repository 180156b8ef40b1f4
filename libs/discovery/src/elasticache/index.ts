import { defineMechanism } from '../discoverer';
import { createElasticacheDiscoverer } from './elasticache-discoverer';
import { ElasticacheSdConfig, parseElasticacheSdConfig } from './elasticache-sd-config';

export const elasticacheMechanism = defineMechanism<ElasticacheSdConfig>({
  key: 'elasticache_sd_configs',
  parse: (raw) => parseElasticacheSdConfig(raw),
  create: (c, ctx) => createElasticacheDiscoverer(c, ctx.options),
});
