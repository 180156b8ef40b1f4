import { sanitizeLabelName } from '../label-names';
import type { DockerEngine } from '../internal/docker-engine';
import { joinHostPort } from '../internal/provider-http';
import type { Labels } from '../target-group';
import type { SwarmNode, SwarmPort, SwarmService, SwarmTask } from './swarm-types';

export const SWARM_PREFIX = '__meta_dockerswarm_';
const S = `${SWARM_PREFIX}service_`;
const T = `${SWARM_PREFIX}task_`;
const N = `${SWARM_PREFIX}node_`;
export const CONTAINER_LABEL_PREFIX = `${SWARM_PREFIX}container_label_`;

type NetworkLabels = Map<string, Labels>;

/** `10.0.0.3/24` → `10.0.0.3` (Go's net.ParseCIDR); a malformed address fails the refresh. */
function ipOf(cidr: string): string {
  const ip = cidr.split('/')[0];
  if (!cidr.includes('/') || ip === '') throw new Error(`error while parsing address ${cidr}: invalid CIDR address`);
  return ip;
}

function serviceMode(s: SwarmService): string {
  if (s.Spec.Mode?.Global) return 'global';
  if (s.Spec.Mode?.Replicated) return 'replicated';
  return '';
}

function prefixed(prefix: string, labels: Record<string, string> | null | undefined): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels ?? {})) out[prefix + sanitizeLabelName(k)] = v;
  return out;
}

/** role: services — one target per virtual IP and TCP endpoint port (or `port` when none). */
export function serviceTargets(services: SwarmService[], networks: NetworkLabels, port: number): Labels[] {
  const targets: Labels[] = [];
  for (const s of services) {
    const common: Labels = {
      [`${S}id`]: s.ID,
      [`${S}name`]: s.Spec.Name,
      [`${S}task_container_hostname`]: s.Spec.TaskTemplate?.ContainerSpec?.Hostname ?? '',
      [`${S}task_container_image`]: s.Spec.TaskTemplate?.ContainerSpec?.Image ?? '',
      [`${S}mode`]: serviceMode(s),
      ...prefixed(`${S}label_`, s.Spec.Labels),
    };
    if (s.UpdateStatus) common[`${S}updating_status`] = s.UpdateStatus.State ?? '';
    for (const vip of s.Endpoint?.VirtualIPs ?? []) {
      const ip = ipOf(vip.Addr);
      const tcp = (s.Endpoint?.Ports ?? []).filter((p) => p.Protocol === 'tcp');
      for (const p of tcp) {
        targets.push({
          [`${S}endpoint_port_name`]: p.Name ?? '',
          [`${S}endpoint_port_publish_mode`]: p.PublishMode ?? '',
          ...common,
          ...networks.get(vip.NetworkID),
          __address__: joinHostPort(ip, p.PublishedPort ?? 0),
        });
      }
      if (tcp.length === 0) targets.push({ ...common, ...networks.get(vip.NetworkID), __address__: joinHostPort(ip, port) });
    }
  }
  return targets;
}

/** role: nodes — one target per node, on `port`. */
export function nodeTargets(nodes: SwarmNode[], port: number): Labels[] {
  return nodes.map((n) => {
    const labels: Labels = {
      [`${N}id`]: n.ID,
      [`${N}role`]: n.Spec.Role,
      [`${N}availability`]: n.Spec.Availability,
      [`${N}hostname`]: n.Description.Hostname,
      [`${N}platform_architecture`]: n.Description.Platform.Architecture,
      [`${N}platform_os`]: n.Description.Platform.OS,
      [`${N}engine_version`]: n.Description.Engine.EngineVersion,
      [`${N}status`]: n.Status.State,
      [`${N}address`]: n.Status.Addr,
      ...prefixed(`${N}label_`, n.Spec.Labels),
    };
    if (n.ManagerStatus) {
      labels[`${N}manager_leader`] = String(Boolean(n.ManagerStatus.Leader));
      labels[`${N}manager_reachability`] = n.ManagerStatus.Reachability;
      labels[`${N}manager_address`] = n.ManagerStatus.Addr;
    }
    labels.__address__ = joinHostPort(n.Status.Addr, port);
    return labels;
  });
}

/** The service and node labels a task carries (fewer than the services/nodes roles emit). */
function taskContext(services: SwarmService[], nodes: SwarmNode[]) {
  const serviceLabels = new Map<string, Labels>();
  const servicePorts = new Map<string, SwarmPort[]>();
  for (const s of services) {
    serviceLabels.set(s.ID, { [`${S}id`]: s.ID, [`${S}name`]: s.Spec.Name, [`${S}mode`]: serviceMode(s), ...prefixed(`${S}label_`, s.Spec.Labels) });
    servicePorts.set(s.ID, s.Endpoint?.Ports ?? []);
  }
  const nodeLabels = new Map<string, Labels>();
  for (const n of nodes) {
    nodeLabels.set(n.ID, {
      [`${N}id`]: n.ID,
      [`${N}role`]: n.Spec.Role,
      [`${N}address`]: n.Status.Addr,
      [`${N}availability`]: n.Spec.Availability,
      [`${N}hostname`]: n.Description.Hostname,
      [`${N}platform_architecture`]: n.Description.Platform.Architecture,
      [`${N}platform_os`]: n.Description.Platform.OS,
      [`${N}status`]: n.Status.State,
      ...prefixed(`${N}label_`, n.Spec.Labels),
    });
  }
  return { serviceLabels, servicePorts, nodeLabels };
}

/**
 * role: tasks — a target per published TCP port on the node's address, and per network
 * attachment address with each TCP service port (or `port` when the service has none).
 */
export async function taskTargets(
  engine: DockerEngine,
  tasks: SwarmTask[],
  services: SwarmService[],
  nodes: SwarmNode[],
  networks: NetworkLabels,
  port: number,
  signal: AbortSignal,
): Promise<Labels[]> {
  const { serviceLabels, servicePorts, nodeLabels } = taskContext(services, nodes);
  const containerLabels = await inspectContainers(engine, tasks, signal);
  const targets: Labels[] = [];
  for (const t of tasks) {
    const containerId = t.Status.ContainerStatus?.ContainerID;
    const common: Labels = {
      [`${T}id`]: t.ID,
      [`${T}desired_state`]: t.DesiredState,
      [`${T}state`]: t.Status.State,
      [`${T}slot`]: String(t.Slot ?? 0),
    };
    if (t.Status.ContainerStatus) common[`${T}container_id`] = containerId ?? '';
    if (t.Spec?.ContainerSpec) {
      // The image's labels (from inspecting the container), then the spec's, which win.
      Object.assign(common, containerId ? containerLabels.get(containerId) : undefined, prefixed(CONTAINER_LABEL_PREFIX, t.Spec.ContainerSpec.Labels));
    }
    Object.assign(common, serviceLabels.get(t.ServiceID), nodeLabels.get(t.NodeID));
    for (const p of t.Status.PortStatus?.Ports ?? []) {
      if (p.Protocol !== 'tcp') continue;
      targets.push({ [`${T}port_publish_mode`]: p.PublishMode ?? '', ...common, __address__: joinHostPort(common[`${N}address`] ?? '', p.PublishedPort ?? 0) });
    }
    for (const attachment of t.NetworksAttachments ?? []) {
      for (const address of attachment.Addresses ?? []) {
        const ip = ipOf(address);
        const tcp = (servicePorts.get(t.ServiceID) ?? []).filter((p) => p.Protocol === 'tcp');
        for (const p of tcp) {
          targets.push({ [`${T}port_publish_mode`]: p.PublishMode ?? '', ...common, ...networks.get(attachment.Network.ID), __address__: joinHostPort(ip, p.PublishedPort ?? 0) });
        }
        if (tcp.length === 0) targets.push({ ...common, ...networks.get(attachment.Network.ID), __address__: joinHostPort(ip, port) });
      }
    }
  }
  return targets;
}

/** Labels of each task's container (`GET /containers/<id>/json`); a failed inspect is skipped. */
async function inspectContainers(engine: DockerEngine, tasks: SwarmTask[], signal: AbortSignal): Promise<Map<string, Labels>> {
  const out = new Map<string, Labels>();
  for (const t of tasks) {
    const id = t.Status.ContainerStatus?.ContainerID;
    if (!id || out.has(id)) continue;
    try {
      const c = await engine.get<{ Config?: { Labels?: Record<string, string> | null } | null }>(`/containers/${encodeURIComponent(id)}/json`, {}, signal);
      if (c.Config) out.set(id, prefixed(CONTAINER_LABEL_PREFIX, c.Config.Labels));
    } catch {
      // A container that is gone or not on this daemon must not fail the whole refresh.
    }
  }
  return out;
}
