import { sanitizeLabelName } from '../label-names';
import type { Labels, TargetGroup } from '../target-group';

/** One entry of `/v1/health/service/<name>`. */
export interface ServiceEntry {
  Node: { Node: string; Address: string; Datacenter?: string; TaggedAddresses?: Record<string, string> | null; Meta?: Record<string, string> | null };
  Service: { ID: string; Service: string; Address: string; Port: number; Tags?: string[] | null; Meta?: Record<string, string> | null; Namespace?: string; Partition?: string };
  Checks?: Array<{ CheckID: string; Status: string }> | null;
}

const META = '__meta_consul_';
export const CONSUL_SERVICE_LABEL = `${META}service`;
export const CONSUL_DC_LABEL = `${META}dc`;

const NODE_MAINTENANCE = '_node_maintenance';
const SERVICE_MAINTENANCE_PREFIX = '_service_maintenance:';

/**
 * The Consul API's aggregated health: maintenance wins, then critical, warning, passing; no
 * checks is passing; a check with an unknown status makes the whole answer "".
 */
export function aggregatedStatus(checks: ServiceEntry['Checks']): string {
  let passing = false;
  let warning = false;
  let critical = false;
  let maintenance = false;
  for (const check of checks ?? []) {
    if (check.CheckID === NODE_MAINTENANCE || check.CheckID.startsWith(SERVICE_MAINTENANCE_PREFIX)) {
      maintenance = true;
      continue;
    }
    if (check.Status === 'passing') passing = true;
    else if (check.Status === 'warning') warning = true;
    else if (check.Status === 'critical') critical = true;
    else return '';
  }
  if (maintenance) return 'maintenance';
  if (critical) return 'critical';
  if (warning) return 'warning';
  if (passing) return 'passing';
  return 'passing';
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** One target per service instance; the service address wins over the node's. */
export function consulTarget(entry: ServiceEntry, tagSeparator: string): Labels {
  const { Node: node, Service: svc } = entry;
  const tags = svc.Tags ?? [];
  const t: Labels = {
    __address__: joinHostPort(svc.Address || node.Address, svc.Port),
    [`${META}address`]: node.Address,
    [`${META}node`]: node.Node,
    [`${META}namespace`]: svc.Namespace ?? '',
    [`${META}partition`]: svc.Partition ?? '',
    // Wrapped in separators (even with no tags: ",,") so a relabel regex can match `.*,tag,.*`.
    [`${META}tags`]: `${tagSeparator}${tags.join(tagSeparator)}${tagSeparator}`,
    [`${META}service_address`]: svc.Address,
    [`${META}service_port`]: String(svc.Port),
    [`${META}service_id`]: svc.ID,
    [`${META}health`]: aggregatedStatus(entry.Checks),
  };
  for (const [k, v] of Object.entries(node.Meta ?? {})) t[`${META}metadata_${sanitizeLabelName(k)}`] = v;
  for (const [k, v] of Object.entries(svc.Meta ?? {})) t[`${META}service_metadata_${sanitizeLabelName(k)}`] = v;
  for (const [k, v] of Object.entries(node.TaggedAddresses ?? {})) t[`${META}tagged_address_${sanitizeLabelName(k)}`] = v;
  return t;
}

export function consulGroup(service: string, datacenter: string, entries: ServiceEntry[], tagSeparator: string): TargetGroup {
  return {
    source: service,
    labels: { [CONSUL_SERVICE_LABEL]: service, [CONSUL_DC_LABEL]: datacenter },
    targets: entries.map((e) => consulTarget(e, tagSeparator)),
  };
}
