import { joinHostPort, ProviderRequest } from '../internal/provider-http';
import type { Labels } from '../target-group';
import { P } from './labels';
import { listAll } from './openstack-api';

export interface NovaHypervisor {
  /** An integer before compute microversion 2.53, a UUID from it on. */
  id: string | number;
  hypervisor_hostname: string;
  host_ip: string;
  status: string;
  state: string;
  hypervisor_type: string;
}

/** Role `hypervisor`: one target per compute node, `<host_ip>:<port>`. */
export async function hypervisorTargets(compute: string, request: ProviderRequest, port: number): Promise<Labels[]> {
  const hypervisors = await listAll<NovaHypervisor>(`${compute}os-hypervisors/detail`, 'hypervisors', request, 'openstack hypervisors');
  return hypervisors.map((h) => ({
    __address__: joinHostPort(h.host_ip, port),
    [`${P}hypervisor_id`]: String(h.id),
    [`${P}hypervisor_hostname`]: h.hypervisor_hostname,
    [`${P}hypervisor_host_ip`]: h.host_ip,
    [`${P}hypervisor_status`]: h.status,
    [`${P}hypervisor_state`]: h.state,
    [`${P}hypervisor_type`]: h.hypervisor_type,
  }));
}
