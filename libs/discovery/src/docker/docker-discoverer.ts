import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { dockerEngine, DockerEngine, dockerFilters, networkLabels } from '../internal/docker-engine';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { DockerSdConfig } from './docker-sd-config';

const PREFIX = '__meta_docker_';
export const DOCKER_CONTAINER_ID = `${PREFIX}container_id`;
export const DOCKER_CONTAINER_NAME = `${PREFIX}container_name`;
export const DOCKER_CONTAINER_NETWORK_MODE = `${PREFIX}container_network_mode`;
export const DOCKER_CONTAINER_LABEL_PREFIX = `${PREFIX}container_label_`;
export const DOCKER_NETWORK_IP = `${PREFIX}network_ip`;
export const DOCKER_PORT_PRIVATE = `${PREFIX}port_private`;
export const DOCKER_PORT_PUBLIC = `${PREFIX}port_public`;
export const DOCKER_PORT_PUBLIC_IP = `${PREFIX}port_public_ip`;

/** A container as `GET /containers/json` lists it (the fields discovery reads). */
export interface DockerContainer {
  Id: string;
  Names: string[];
  Labels: Record<string, string> | null;
  Ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }> | null;
  HostConfig: { NetworkMode: string };
  NetworkSettings: { Networks: Record<string, { NetworkID: string; IPAddress: string } | null> | null };
}

/**
 * `docker_sd_configs`: every running container of one Docker daemon, one target per TCP port
 * per network (or one on `port` when none is published; `host_networking_host` for containers
 * on the host network). A container sharing another's network (`container:<id>`) uses its networks.
 */
export function createDockerDiscoverer(config: DockerSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const engine = dockerEngine(config.host, config.client, providerTimeoutMs(config.refreshIntervalMs), options.maxResponseBytes);
  return new RefreshDiscoverer({
    mechanism: 'docker_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => [await dockerGroup(engine, config, signal)],
  });
}

async function dockerGroup(engine: DockerEngine, config: DockerSdConfig, signal: AbortSignal): Promise<TargetGroup> {
  const containers = (await engine.get<DockerContainer[]>('/containers/json', dockerFilters(config.filters), signal)) ?? [];
  const networks = await networkLabels(engine, PREFIX, signal);
  const byId = new Map(containers.map((c) => [c.Id, c]));
  const targets: Labels[] = [];
  for (const c of containers) {
    if (!c.Names?.length) continue;
    const common: Labels = {
      [DOCKER_CONTAINER_ID]: c.Id,
      [DOCKER_CONTAINER_NAME]: c.Names[0],
      [DOCKER_CONTAINER_NETWORK_MODE]: c.HostConfig?.NetworkMode ?? '',
    };
    for (const [k, v] of Object.entries(c.Labels ?? {})) common[DOCKER_CONTAINER_LABEL_PREFIX + sanitizeLabelName(k)] = v;
    for (const n of containerNetworks(c, byId, config.matchFirstNetwork)) {
      const shared = { ...common, ...networks.get(n.NetworkID) };
      const tcp = (c.Ports ?? []).filter((p) => p.Type === 'tcp');
      for (const p of tcp) {
        const labels: Labels = { [DOCKER_NETWORK_IP]: n.IPAddress, [DOCKER_PORT_PRIVATE]: String(p.PrivatePort), ...shared };
        if (p.PublicPort && p.PublicPort > 0) {
          labels[DOCKER_PORT_PUBLIC] = String(p.PublicPort);
          labels[DOCKER_PORT_PUBLIC_IP] = p.IP ?? '';
        }
        labels.__address__ = joinHostPort(n.IPAddress, p.PrivatePort);
        targets.push(labels);
      }
      if (tcp.length === 0) {
        // Containers on the host network publish no ports: they are reached on the host.
        const address = c.HostConfig?.NetworkMode !== 'host' ? joinHostPort(n.IPAddress, config.port) : config.hostNetworkingHost;
        targets.push({ [DOCKER_NETWORK_IP]: n.IPAddress, ...shared, __address__: address });
      }
    }
  }
  return { source: 'Docker', targets, labels: {} };
}

type Network = { NetworkID: string; IPAddress: string };

function containerNetworks(c: DockerContainer, byId: Map<string, DockerContainer>, matchFirst: boolean): Network[] {
  let networks = c.NetworkSettings?.Networks ?? {};
  let mode = c.HostConfig?.NetworkMode ?? '';
  // `container:<id>` shares another container's network stack; follow the chain.
  const seen = new Set<string>();
  while (Object.keys(networks).length === 0 && mode.startsWith('container:')) {
    const other = byId.get(mode.slice('container:'.length));
    if (!other || seen.has(other.Id)) break;
    seen.add(other.Id);
    networks = other.NetworkSettings?.Networks ?? {};
    mode = other.HostConfig?.NetworkMode ?? '';
  }
  const names = Object.keys(networks).filter((k) => networks[k]);
  if (matchFirst && names.length > 1) {
    const first = names.sort()[0];
    return [networks[first] as Network];
  }
  return names.map((k) => networks[k] as Network);
}
