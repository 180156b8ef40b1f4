import type { DiscoveryOptions } from '../discoverer';
import { dockerEngine, dockerFilters, networkLabels } from '../internal/docker-engine';
import { providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { DockerSwarmSdConfig } from './dockerswarm-sd-config';
import { nodeTargets, serviceTargets, SWARM_PREFIX, taskTargets } from './swarm-roles';
import type { SwarmNode, SwarmService, SwarmTask } from './swarm-types';

/** `dockerswarm_sd_configs`: a Swarm manager's services, tasks or nodes (one group, source `DockerSwarm`). */
export function createDockerSwarmDiscoverer(config: DockerSwarmSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const engine = dockerEngine(config.host, config.client, providerTimeoutMs(config.refreshIntervalMs), options.maxResponseBytes);
  const filters = dockerFilters(config.filters);
  return new RefreshDiscoverer({
    mechanism: 'dockerswarm_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      let targets: Labels[];
      if (config.role === 'nodes') {
        targets = nodeTargets((await engine.get<SwarmNode[]>('/nodes', filters, signal)) ?? [], config.port);
      } else if (config.role === 'services') {
        const services = (await engine.get<SwarmService[]>('/services', filters, signal)) ?? [];
        targets = serviceTargets(services, await networkLabels(engine, SWARM_PREFIX, signal), config.port);
      } else {
        const tasks = (await engine.get<SwarmTask[]>('/tasks', filters, signal)) ?? [];
        // Filters apply to the listed role only; services and nodes are looked up in full.
        const services = (await engine.get<SwarmService[]>('/services', {}, signal)) ?? [];
        const nodes = (await engine.get<SwarmNode[]>('/nodes', {}, signal)) ?? [];
        targets = await taskTargets(engine, tasks, services, nodes, await networkLabels(engine, SWARM_PREFIX, signal), config.port, signal);
      }
      return [{ source: 'DockerSwarm', targets, labels: {} }];
    },
  });
}
