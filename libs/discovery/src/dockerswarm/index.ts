import { defineMechanism } from '../discoverer';
import { createDockerSwarmDiscoverer } from './dockerswarm-discoverer';
import { DockerSwarmSdConfig, parseDockerSwarmSdConfig } from './dockerswarm-sd-config';

export const dockerSwarmMechanism = defineMechanism<DockerSwarmSdConfig>({
  key: 'dockerswarm_sd_configs',
  parse: (raw, ctx) => parseDockerSwarmSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createDockerSwarmDiscoverer(c, ctx.options),
});
