import { sanitizeLabelName } from '../label-names';
import type { Labels, TargetGroup } from '../target-group';
import { EndpointPods } from './endpoint-pods';
import type { EndpointSlice, Pod, Service } from './kube-types';
import { joinHostPort, META, NAMESPACE_LABEL, objectMetaLabels } from './meta-labels';
import { serviceLabels } from './service-role';

const ES = `${META}endpointslice_`;
/** The label Kubernetes sets on a slice to name its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function endpointSliceSource(slice: EndpointSlice): string {
  return `endpointslice/${slice.metadata.namespace}/${slice.metadata.name}`;
}

/** role: endpointslice — one target per port and endpoint address, with conditions and topology. */
export function buildEndpointSliceGroup(slice: EndpointSlice, service: Service | undefined, pods: ReadonlyMap<string, Pod>): TargetGroup {
  const namespace = slice.metadata.namespace ?? '';
  const enrich = new EndpointPods(pods);
  const targets: Labels[] = [];
  for (const port of slice.ports ?? []) {
    for (const ep of slice.endpoints ?? []) {
      for (const addr of ep.addresses ?? []) {
        const t: Labels = {
          __address__: port.port !== undefined ? joinHostPort(addr, port.port) : addr,
          [`${ES}port`]: port.port !== undefined ? String(port.port) : '',
          [`${ES}port_name`]: port.name ?? '',
          [`${ES}port_protocol`]: port.protocol ?? '',
        };
        if (port.appProtocol) t[`${ES}port_app_protocol`] = port.appProtocol;
        const c = ep.conditions;
        if (c?.ready !== undefined) t[`${ES}endpoint_conditions_ready`] = String(c.ready);
        if (c?.serving !== undefined) t[`${ES}endpoint_conditions_serving`] = String(c.serving);
        if (c?.terminating !== undefined) t[`${ES}endpoint_conditions_terminating`] = String(c.terminating);
        if (ep.hostname) t[`${ES}endpoint_hostname`] = ep.hostname;
        if (ep.nodeName) t[`${ES}endpoint_node_name`] = ep.nodeName;
        if (ep.zone) t[`${ES}endpoint_zone`] = ep.zone;
        if (ep.targetRef) {
          t[`${ES}address_target_kind`] = ep.targetRef.kind ?? '';
          t[`${ES}address_target_name`] = ep.targetRef.name ?? '';
        }
        for (const [k, v] of Object.entries(ep.deprecatedTopology ?? {})) {
          t[`${ES}endpoint_topology_${sanitizeLabelName(k)}`] = v;
          t[`${ES}endpoint_topology_present_${sanitizeLabelName(k)}`] = 'true';
        }
        targets.push({ ...t, ...enrich.enrich(ep.targetRef, namespace, port.port ?? -1, port.protocol ?? '') });
      }
    }
  }
  targets.push(...enrich.uncoveredTargets());
  const labels: Labels = {
    [NAMESPACE_LABEL]: namespace,
    [`${ES}name`]: slice.metadata.name,
    [`${ES}address_type`]: slice.addressType ?? '',
    ...objectMetaLabels('endpointslice', slice),
    ...(service ? serviceLabels(service) : {}),
  };
  return { source: endpointSliceSource(slice), targets, labels };
}
