import { defineMechanism } from '../discoverer';
import { createDockerDiscoverer } from './docker-discoverer';
import { DockerSdConfig, parseDockerSdConfig } from './docker-sd-config';

export const dockerMechanism = defineMechanism<DockerSdConfig>({
  key: 'docker_sd_configs',
  parse: (raw, ctx) => parseDockerSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createDockerDiscoverer(c, ctx.options),
});
