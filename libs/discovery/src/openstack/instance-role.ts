import { joinHostPort, providerJson, ProviderRequest } from '../internal/provider-http';
import { sanitizeLabelName } from '../label-names';
import type { Labels } from '../target-group';
import { listAll } from './openstack-api';
import { P } from './labels';

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  tenant_id: string;
  user_id: string;
  metadata?: Record<string, string> | null;
  /** `{id}` before microversion 2.47, `{original_name, …}` from it on. */
  flavor?: { id?: string; original_name?: string } | null;
  /** `""` for a server booted from a volume. */
  image?: { id?: string } | string | null;
  addresses?: Record<string, Array<{ addr: string; version?: number; 'OS-EXT-IPS:type'?: string }>> | null;
}

interface NeutronPort {
  id: string;
  device_id: string;
}

interface NeutronFloatingIp {
  floating_ip_address: string;
  fixed_ip_address: string | null;
  port_id: string | null;
}

/** Nova's microversion that names the flavor in the server itself (`flavor.original_name`). */
const FLAVOR_NAME_MICROVERSION = [2, 47];

/**
 * Role `instance`: one target per fixed address of every server (`<addr>:<port>`), with the
 * floating IP associated to that address as `public_ip`. Floating addresses Nova lists among
 * a server's addresses are skipped, as Prometheus does, so a server is not scraped twice.
 */
export async function instanceTargets(compute: string, network: string, request: ProviderRequest, port: number, allTenants: boolean): Promise<Labels[]> {
  const microversion = await maxMicroversion(compute, request);
  const ports = await listAll<NeutronPort>(`${network}v2.0/ports`, 'ports', request, 'openstack ports');
  const deviceOfPort = new Map(ports.map((p) => [p.id, p.device_id]));
  const floatingIps = await listAll<NeutronFloatingIp>(`${network}v2.0/floatingips`, 'floatingips', request, 'openstack floating IPs');
  const floatingByFixed = new Map<string, string>();
  const floating = new Set<string>();
  for (const ip of floatingIps) {
    if (!ip.port_id || !ip.fixed_ip_address) continue;
    const device = deviceOfPort.get(ip.port_id);
    if (device === undefined) continue;
    floatingByFixed.set(`${device}/${ip.fixed_ip_address}`, ip.floating_ip_address);
    floating.add(ip.floating_ip_address);
  }

  const query = allTenants ? '?all_tenants=true' : '';
  const headers = microversion ? { ...request.headers, 'X-OpenStack-Nova-API-Version': microversion } : request.headers;
  const servers = await listAll<NovaServer>(`${compute}servers/detail${query}`, 'servers', { ...request, headers }, 'openstack servers');
  const targets: Labels[] = [];
  for (const s of servers) {
    const addresses = Object.entries(s.addresses ?? {});
    if (addresses.length === 0) continue;
    const labels: Labels = {
      [`${P}instance_id`]: s.id,
      [`${P}instance_status`]: s.status,
      [`${P}instance_name`]: s.name,
      [`${P}project_id`]: s.tenant_id,
      [`${P}user_id`]: s.user_id,
    };
    const flavor = s.flavor?.original_name ?? s.flavor?.id;
    if (typeof flavor === 'string') labels[`${P}instance_flavor`] = flavor;
    if (s.image && typeof s.image === 'object' && typeof s.image.id === 'string') labels[`${P}instance_image`] = s.image.id;
    for (const [key, value] of Object.entries(s.metadata ?? {})) labels[`${P}tag_${sanitizeLabelName(key)}`] = String(value);
    for (const [pool, list] of addresses) {
      for (const address of list ?? []) {
        if (typeof address?.addr !== 'string' || floating.has(address.addr)) continue;
        const target: Labels = { ...labels, [`${P}address_pool`]: pool, [`${P}private_ip`]: address.addr };
        const publicIp = floatingByFixed.get(`${s.id}/${address.addr}`);
        if (publicIp !== undefined) target[`${P}public_ip`] = publicIp;
        target.__address__ = joinHostPort(address.addr, port);
        targets.push(target);
      }
    }
  }
  return targets;
}

/**
 * The newest microversion the compute endpoint offers (its version document), when it is at
 * least 2.47; Prometheus fails the refresh when the document cannot be read.
 */
async function maxMicroversion(compute: string, request: ProviderRequest): Promise<string | null> {
  let json: { version?: { version?: string } };
  try {
    ({ json } = await providerJson<{ version?: { version?: string } }>(compute, request, 'openstack compute version'));
  } catch (err) {
    throw new Error(`failed to fetch supported microversions: ${(err as Error).message}`);
  }
  const [major, minor] = (json.version?.version ?? '').split('.').map(Number);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) return null;
  const [wantMajor, wantMinor] = FLAVOR_NAME_MICROVERSION;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor) ? `${major}.${minor}` : null;
}
