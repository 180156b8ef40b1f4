import { joinHostPort, ProviderRequest } from '../internal/provider-http';
import type { Labels } from '../target-group';
import { P } from './labels';
import { listAll } from './openstack-api';

export interface OctaviaLoadBalancer {
  id: string;
  name: string;
  operating_status: string;
  provisioning_status: string;
  availability_zone?: string | null;
  vip_address: string;
  vip_port_id: string;
  provider: string;
  project_id: string;
  tags?: string[] | null;
}

export interface OctaviaListener {
  id: string;
  protocol: string;
  protocol_port: number;
  loadbalancers: Array<{ id: string }>;
}

/**
 * Role `loadbalancer`: Octavia load balancers that have a `PROMETHEUS` listener (Octavia's
 * built-in metrics endpoint), one target per load balancer at `<vip>:<listener port>`.
 */
export async function loadBalancerTargets(loadBalancer: string, network: string, request: ProviderRequest): Promise<Labels[]> {
  const balancers = await listAll<OctaviaLoadBalancer>(`${loadBalancer}v2/lbaas/loadbalancers`, 'loadbalancers', request, 'openstack load balancers');
  const listeners = await listAll<OctaviaListener>(`${loadBalancer}v2/lbaas/listeners`, 'listeners', request, 'openstack listeners');
  const floatingIps = await listAll<{ floating_ip_address: string; port_id: string | null }>(`${network}v2.0/floatingips`, 'floatingips', request, 'openstack floating IPs');
  const floatingByPort = new Map(floatingIps.filter((f) => f.port_id).map((f) => [f.port_id as string, f.floating_ip_address]));
  const targets: Labels[] = [];
  for (const lb of balancers) {
    // The first PROMETHEUS listener of the load balancer, in Octavia's order.
    const listener = listeners.find((l) => l.protocol === 'PROMETHEUS' && (l.loadbalancers ?? []).some((b) => b.id === lb.id));
    if (!listener) continue;
    const labels: Labels = {
      __address__: joinHostPort(lb.vip_address, listener.protocol_port),
      [`${P}loadbalancer_id`]: lb.id,
      [`${P}loadbalancer_name`]: lb.name,
      [`${P}loadbalancer_operating_status`]: lb.operating_status,
      [`${P}loadbalancer_provisioning_status`]: lb.provisioning_status,
      [`${P}loadbalancer_availability_zone`]: lb.availability_zone ?? '',
      [`${P}loadbalancer_vip`]: lb.vip_address,
      [`${P}loadbalancer_provider`]: lb.provider,
      [`${P}project_id`]: lb.project_id,
    };
    if (lb.tags?.length) labels[`${P}loadbalancer_tags`] = lb.tags.join(',');
    const floating = floatingByPort.get(lb.vip_port_id);
    if (floating !== undefined) labels[`${P}loadbalancer_floating_ip`] = floating;
    targets.push(labels);
  }
  return targets;
}
