import { defineMechanism } from '../discoverer';
import { createEcsDiscoverer } from './ecs-discoverer';
import { EcsSdConfig, parseEcsSdConfig } from './ecs-sd-config';

export const ecsMechanism = defineMechanism<EcsSdConfig>({
  key: 'ecs_sd_configs',
  parse: (raw) => parseEcsSdConfig(raw),
  create: (c, ctx) => createEcsDiscoverer(c, ctx.options),
});
