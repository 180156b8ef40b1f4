import type { Labels } from '../target-group';
import type { Pod } from './kube-types';
import { joinHostPort, podContainers, podLabels } from './meta-labels';
import { POD_CONTAINER_IMAGE, POD_CONTAINER_INIT, POD_CONTAINER_NAME, POD_CONTAINER_PORT_NAME, POD_CONTAINER_PORT_NUMBER, POD_CONTAINER_PORT_PROTOCOL } from './pod-role';

/**
 * Pod enrichment shared by the endpoints and endpointslice roles: an endpoint backed by a known
 * pod gets the pod's labels and, where a container declares the endpoint's port, that
 * container's labels. Afterwards every container port no endpoint covered becomes its own target.
 */
export class EndpointPods {
  private readonly seen = new Map<string, { pod: Pod; covered: Set<string> }>();

  constructor(private readonly podsByKey: ReadonlyMap<string, Pod>) {}

  /** Labels to merge into an endpoint target whose targetRef is `namespace/name`. */
  enrich(ref: { kind?: string; name?: string; namespace?: string } | undefined, namespace: string, port: number, protocol: string): Labels {
    if (ref?.kind !== 'Pod' || !ref.name) return {};
    const key = `${ref.namespace ?? namespace}/${ref.name}`;
    const pod = this.podsByKey.get(key);
    if (!pod) return {};
    const entry = this.seen.get(key) ?? { pod, covered: new Set<string>() };
    this.seen.set(key, entry);
    const out = podLabels(pod);
    for (const { container, init } of podContainers(pod)) {
      const match = container.ports?.find((p) => p.containerPort === port);
      if (!match) continue;
      entry.covered.add(`${container.name}/${port}`);
      Object.assign(out, {
        [POD_CONTAINER_NAME]: container.name,
        [POD_CONTAINER_IMAGE]: container.image ?? '',
        [POD_CONTAINER_PORT_NAME]: match.name ?? '',
        [POD_CONTAINER_PORT_NUMBER]: String(port),
        [POD_CONTAINER_PORT_PROTOCOL]: protocol,
        [POD_CONTAINER_INIT]: String(init),
      });
      break;
    }
    return out;
  }

  /** Targets for container ports of seen pods that no endpoint port covered. */
  uncoveredTargets(): Labels[] {
    const out: Labels[] = [];
    for (const { pod, covered } of this.seen.values()) {
      const ip = pod.status?.podIP;
      if (!ip) continue;
      for (const { container, init } of podContainers(pod)) {
        for (const port of container.ports ?? []) {
          if (covered.has(`${container.name}/${port.containerPort}`)) continue;
          out.push({
            __address__: joinHostPort(ip, port.containerPort),
            [POD_CONTAINER_NAME]: container.name,
            [POD_CONTAINER_IMAGE]: container.image ?? '',
            [POD_CONTAINER_PORT_NAME]: port.name ?? '',
            [POD_CONTAINER_PORT_NUMBER]: String(port.containerPort),
            [POD_CONTAINER_PORT_PROTOCOL]: port.protocol ?? '',
            [POD_CONTAINER_INIT]: String(init),
            ...podLabels(pod),
          });
        }
      }
    }
    return out;
  }
}
