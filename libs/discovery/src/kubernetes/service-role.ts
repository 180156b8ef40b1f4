import type { Labels, TargetGroup } from '../target-group';
import type { Service } from './kube-types';
import { META, NAMESPACE_LABEL, objectMetaLabels } from './meta-labels';

export function serviceSource(svc: Service): string {
  return `svc/${svc.metadata.namespace}/${svc.metadata.name}`;
}

/** The service's identity labels; the endpoints roles attach them too when the Service exists. */
export function serviceLabels(svc: Service): Labels {
  return { [`${META}service_name`]: svc.metadata.name, ...objectMetaLabels('service', svc) };
}

/** role: service — one target per service port, addressed by the service's cluster DNS name. */
export function buildServiceGroup(svc: Service): TargetGroup {
  const { name, namespace } = svc.metadata;
  const type = svc.spec?.type ?? '';
  const targets = (svc.spec?.ports ?? []).map((port) => {
    const t: Labels = {
      __address__: `${name}.${namespace}.svc:${port.port}`,
      [`${META}service_port_name`]: port.name ?? '',
      [`${META}service_port_number`]: String(port.port),
      [`${META}service_port_protocol`]: port.protocol ?? '',
      [`${META}service_type`]: type,
    };
    if (type === 'ExternalName') t[`${META}service_external_name`] = svc.spec?.externalName ?? '';
    else t[`${META}service_cluster_ip`] = svc.spec?.clusterIP ?? '';
    if (type === 'LoadBalancer') {
      const ips = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => Boolean(ip));
      t[`${META}service_loadbalancer_ip`] = ips.length ? ips.join(',') : (svc.spec?.loadBalancerIP ?? '');
    }
    return t;
  });
  return { source: serviceSource(svc), targets, labels: { ...serviceLabels(svc), [NAMESPACE_LABEL]: namespace ?? '' } };
}
