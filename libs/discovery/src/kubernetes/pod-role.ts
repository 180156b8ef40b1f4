import type { Labels, TargetGroup } from '../target-group';
import type { Pod } from './kube-types';
import { containerId, joinHostPort, META, NAMESPACE_LABEL, podContainers, podLabels } from './meta-labels';

export const POD_CONTAINER_NAME = `${META}pod_container_name`;
export const POD_CONTAINER_ID = `${META}pod_container_id`;
export const POD_CONTAINER_IMAGE = `${META}pod_container_image`;
export const POD_CONTAINER_PORT_NAME = `${META}pod_container_port_name`;
export const POD_CONTAINER_PORT_NUMBER = `${META}pod_container_port_number`;
export const POD_CONTAINER_PORT_PROTOCOL = `${META}pod_container_port_protocol`;
export const POD_CONTAINER_INIT = `${META}pod_container_init`;

export function podSource(pod: Pod): string {
  return `pod/${pod.metadata.namespace}/${pod.metadata.name}`;
}

/**
 * role: pod — one target per declared container port (`podIP:port`), and one per container
 * without ports (the bare pod IP). A pod without an IP yet has no targets.
 */
export function buildPodGroup(pod: Pod): TargetGroup {
  const source = podSource(pod);
  const ip = pod.status?.podIP;
  if (!ip) return { source, targets: [], labels: {} };
  const targets: Labels[] = [];
  for (const { container, init } of podContainers(pod)) {
    const common = {
      [POD_CONTAINER_NAME]: container.name,
      [POD_CONTAINER_ID]: containerId(pod, container.name, init),
      [POD_CONTAINER_IMAGE]: container.image ?? '',
      [POD_CONTAINER_INIT]: String(init),
    };
    if (!container.ports?.length) {
      targets.push({ __address__: ip, ...common });
      continue;
    }
    for (const port of container.ports) {
      targets.push({
        __address__: joinHostPort(ip, port.containerPort),
        ...common,
        [POD_CONTAINER_PORT_NUMBER]: String(port.containerPort),
        [POD_CONTAINER_PORT_NAME]: port.name ?? '',
        [POD_CONTAINER_PORT_PROTOCOL]: port.protocol ?? '',
      });
    }
  }
  return { source, targets, labels: { ...podLabels(pod), [NAMESPACE_LABEL]: pod.metadata.namespace ?? '' } };
}
