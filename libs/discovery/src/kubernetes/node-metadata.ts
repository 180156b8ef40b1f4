import type { Labels, TargetGroup } from '../target-group';
import type { KubeObject, Node, Pod } from './kube-types';
import type { KubeRole } from './kubernetes-sd-config';
import { META, objectMetaLabels } from './meta-labels';

/** The roles `attach_metadata.node` applies to, as in Prometheus. */
export const NODE_METADATA_ROLES: readonly KubeRole[] = ['pod', 'endpoints', 'endpointslice'];

/** `__meta_kubernetes_node_name` and the node's label and annotation labels. */
export function nodeMetaLabels(node: Node): Labels {
  return { [`${META}node_name`]: node.metadata.name, ...objectMetaLabels('node', node) };
}

/**
 * `attach_metadata.node`: the pod role adds its pod's node to the group labels; the endpoints
 * roles add, per target, the node the endpoint names (`nodeName`, or an endpoints address whose
 * target is a Node). A node not (yet) known adds nothing.
 */
export function withNodeMetadata(group: TargetGroup, role: KubeRole, obj: KubeObject, node: (name: string) => Node | undefined): TargetGroup {
  if (role === 'pod') {
    const found = nodeNamed((obj as Pod).spec?.nodeName, node);
    return found ? { ...group, labels: { ...group.labels, ...nodeMetaLabels(found) } } : group;
  }
  const targets = group.targets.map((t) => {
    const name =
      role === 'endpoints'
        ? (t[`${META}endpoint_node_name`] ?? (t[`${META}endpoint_address_target_kind`] === 'Node' ? t[`${META}endpoint_address_target_name`] : undefined))
        : t[`${META}endpointslice_endpoint_node_name`];
    const found = nodeNamed(name, node);
    return found ? { ...t, ...nodeMetaLabels(found) } : t;
  });
  return { ...group, targets };
}

function nodeNamed(name: string | undefined, node: (name: string) => Node | undefined): Node | undefined {
  return name ? node(name) : undefined;
}
