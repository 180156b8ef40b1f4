import { sanitizeLabelName } from '../label-names';
import type { Labels, TargetGroup } from '../target-group';
import type { Node } from './kube-types';
import { joinHostPort, META, objectMetaLabels } from './meta-labels';

// The address used for `__address__`: the first present type in this order.
const ADDRESS_PREFERENCE = ['InternalIP', 'InternalDNS', 'ExternalIP', 'ExternalDNS', 'LegacyHostIP', 'Hostname'];

export function nodeSource(node: Node): string {
  return `node/${node.metadata.name}`;
}

/** role: node — one target per node at its kubelet port; a node without addresses has none. */
export function buildNodeGroup(node: Node): TargetGroup {
  const source = nodeSource(node);
  const byType = new Map<string, string>();
  for (const { type, address } of node.status?.addresses ?? []) if (!byType.has(type)) byType.set(type, address);
  const host = ADDRESS_PREFERENCE.map((t) => byType.get(t)).find((a) => a !== undefined);
  if (host === undefined) return { source, targets: [], labels: {} };
  const target: Labels = {
    __address__: joinHostPort(host, node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0),
    instance: node.metadata.name,
  };
  for (const [type, address] of byType) target[sanitizeLabelName(`${META}node_address_${type}`)] = address;
  const labels: Labels = {
    [`${META}node_name`]: node.metadata.name,
    [`${META}node_provider_id`]: node.spec?.providerID ?? '',
    ...objectMetaLabels('node', node),
  };
  for (const c of node.status?.conditions ?? []) labels[`${META}node_condition_${sanitizeLabelName(c.type.toLowerCase())}`] = c.status.toLowerCase();
  return { source, targets: [target], labels };
}
