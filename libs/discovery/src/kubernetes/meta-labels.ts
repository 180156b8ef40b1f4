import { sanitizeLabelName } from '../label-names';
import type { Labels } from '../target-group';
import type { Container, KubeObject, Pod } from './kube-types';

/** Meta label names shared by the Kubernetes roles. */
export const META = '__meta_kubernetes_';
export const NAMESPACE_LABEL = `${META}namespace`;

/**
 * `<role>_label_<name>`, `<role>_labelpresent_<name>`, and the same for annotations, with names
 * sanitized to `[a-zA-Z0-9_]` (so `app.kubernetes.io/name` becomes `app_kubernetes_io_name`).
 */
export function objectMetaLabels(role: string, obj: KubeObject): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(obj.metadata.labels ?? {})) {
    const key = sanitizeLabelName(name);
    out[`${META}${role}_label_${key}`] = value;
    out[`${META}${role}_labelpresent_${key}`] = 'true';
  }
  for (const [name, value] of Object.entries(obj.metadata.annotations ?? {})) {
    const key = sanitizeLabelName(name);
    out[`${META}${role}_annotation_${key}`] = value;
    out[`${META}${role}_annotationpresent_${key}`] = 'true';
  }
  return out;
}

/** Go's net.JoinHostPort: IPv6 literals get brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Pod-level labels, shared by the pod role (as group labels) and endpoints roles (per target). */
export function podLabels(pod: Pod): Labels {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const out: Labels = {
    [`${META}pod_name`]: pod.metadata.name,
    [`${META}pod_ip`]: pod.status?.podIP ?? '',
    [`${META}pod_ready`]: ready ? ready.toLowerCase() : 'unknown',
    [`${META}pod_phase`]: pod.status?.phase ?? '',
    [`${META}pod_node_name`]: pod.spec?.nodeName ?? '',
    [`${META}pod_host_ip`]: pod.status?.hostIP ?? '',
    [`${META}pod_uid`]: pod.metadata.uid ?? '',
    ...objectMetaLabels('pod', pod),
  };
  const controller = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (controller) {
    out[`${META}pod_controller_kind`] = controller.kind;
    out[`${META}pod_controller_name`] = controller.name;
  }
  return out;
}

/** Regular containers, then init containers, each with its init flag. */
export function podContainers(pod: Pod): Array<{ container: Container; init: boolean }> {
  return [...(pod.spec?.containers ?? []).map((container) => ({ container, init: false })), ...(pod.spec?.initContainers ?? []).map((container) => ({ container, init: true }))];
}

export function containerId(pod: Pod, name: string, init: boolean): string {
  const statuses = init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
  return statuses?.find((s) => s.name === name)?.containerID ?? '';
}
