import type { Labels, TargetGroup } from '../target-group';
import { EndpointPods } from './endpoint-pods';
import type { EndpointAddress, Endpoints, Pod, Service } from './kube-types';
import { joinHostPort, META, NAMESPACE_LABEL, objectMetaLabels } from './meta-labels';
import { serviceLabels } from './service-role';

const EP = `${META}endpoint_`;

export function endpointsSource(ep: Endpoints): string {
  return `endpoints/${ep.metadata.namespace}/${ep.metadata.name}`;
}

/**
 * role: endpoints — one target per subset port and address (ready ones first, then not-ready),
 * enriched with the backing pod and Service when they are known.
 */
export function buildEndpointsGroup(ep: Endpoints, service: Service | undefined, pods: ReadonlyMap<string, Pod>): TargetGroup {
  const namespace = ep.metadata.namespace ?? '';
  const enrich = new EndpointPods(pods);
  const targets: Labels[] = [];
  for (const subset of ep.subsets ?? []) {
    for (const port of subset.ports ?? []) {
      const add = (addr: EndpointAddress, ready: boolean) => {
        const t: Labels = {
          __address__: joinHostPort(addr.ip, port.port),
          [`${EP}port_name`]: port.name ?? '',
          [`${EP}port_protocol`]: port.protocol ?? '',
          [`${EP}ready`]: String(ready),
        };
        if (port.appProtocol) t[`${EP}port_app_protocol`] = port.appProtocol;
        if (addr.targetRef) {
          t[`${EP}address_target_kind`] = addr.targetRef.kind ?? '';
          t[`${EP}address_target_name`] = addr.targetRef.name ?? '';
        }
        if (addr.nodeName) t[`${EP}node_name`] = addr.nodeName;
        if (addr.hostname) t[`${EP}hostname`] = addr.hostname;
        targets.push({ ...t, ...enrich.enrich(addr.targetRef, namespace, port.port, port.protocol ?? '') });
      };
      for (const addr of subset.addresses ?? []) add(addr, true);
      for (const addr of subset.notReadyAddresses ?? []) add(addr, false);
    }
  }
  targets.push(...enrich.uncoveredTargets());
  const labels: Labels = {
    [NAMESPACE_LABEL]: namespace,
    [`${META}endpoints_name`]: ep.metadata.name,
    ...objectMetaLabels('endpoints', ep),
    ...(service ? serviceLabels(service) : {}),
  };
  return { source: endpointsSource(ep), targets, labels };
}
