import type { Labels, TargetGroup } from '../target-group';
import type { Ingress } from './kube-types';
import { META, NAMESPACE_LABEL, objectMetaLabels } from './meta-labels';

export function ingressSource(ing: Ingress): string {
  return `ingress/${ing.metadata.namespace}/${ing.metadata.name}`;
}

/** A TLS host entry matches a rule host exactly or as `*.` wildcard for one leading label. */
function tlsCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  const p = pattern.split('.');
  const h = host.split('.');
  return p.length === h.length && p[0] === '*' && p.slice(1).every((part, i) => part === h[i + 1]);
}

/** role: ingress — one target per rule host and path; the scheme is https when TLS covers the host. */
export function buildIngressGroup(ing: Ingress): TargetGroup {
  const tlsHosts = (ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []);
  const targets: Labels[] = [];
  for (const rule of ing.spec?.rules ?? []) {
    const host = rule.host ?? '';
    const paths = rule.http?.paths?.length ? rule.http.paths.map((p) => p.path || '/') : ['/'];
    const scheme = tlsHosts.some((pattern) => tlsCovers(pattern, host)) ? 'https' : 'http';
    for (const path of paths) {
      targets.push({ __address__: host, [`${META}ingress_scheme`]: scheme, [`${META}ingress_host`]: host, [`${META}ingress_path`]: path });
    }
  }
  const labels: Labels = {
    [NAMESPACE_LABEL]: ing.metadata.namespace ?? '',
    [`${META}ingress_name`]: ing.metadata.name,
    ...objectMetaLabels('ingress', ing),
  };
  if (ing.spec?.ingressClassName) labels[`${META}ingress_class_name`] = ing.spec.ingressClassName;
  return { source: ingressSource(ing), targets, labels };
}
