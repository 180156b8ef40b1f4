import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { mapLimit, PROVIDER_CONCURRENCY } from '../internal/map-limit';
import { joinHostPort, providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels, TargetGroup } from '../target-group';
import { OciInstancePrincipal, ociAuthEndpoint, OCI_IMDS_ENDPOINT } from './oci-instance-principal';
import { loadApiKey, OciSigningKey, signOciRequest } from './oci-request-signer';
import type { OciSdConfig } from './oci-sd-config';

const P = '__meta_oci_';
export const OCI_LABELS = {
  instanceId: `${P}instance_id`,
  instanceName: `${P}instance_name`,
  instanceState: `${P}instance_state`,
  compartmentId: `${P}compartment_id`,
  availabilityDomain: `${P}availability_domain`,
  faultDomain: `${P}fault_domain`,
  shape: `${P}shape`,
  region: `${P}region`,
  privateIp: `${P}private_ip`,
  publicIp: `${P}public_ip`,
  ipv6Addresses: `${P}ipv6_addresses`,
  hostnameLabel: `${P}hostname_label`,
  tag: `${P}tag_`,
  definedTag: `${P}defined_tag_`,
} as const;

const API = '/20160918';
const SEPARATOR = ',';

/** The regional API hosts; `vendorEndpoints.oci_iaas` / `.oci_identity` replace them in tests. */
export const ociIaasEndpoint = (region: string) => `https://iaas.${region}.oraclecloud.com`;
export const ociIdentityEndpoint = (region: string) => `https://identity.${region}.oci.oraclecloud.com`;

/** The parts of the Core Services Instance and Vnic resources this mechanism reads. */
export interface OciInstance {
  id: string;
  displayName: string;
  lifecycleState: string;
  compartmentId: string;
  availabilityDomain: string;
  faultDomain?: string;
  shape: string;
  region: string;
  freeformTags?: Record<string, string>;
  definedTags?: Record<string, Record<string, unknown>>;
}

export interface OciVnic {
  id: string;
  isPrimary?: boolean;
  privateIp?: string;
  publicIp?: string;
  ipv6Addresses?: string[];
  hostnameLabel?: string;
}

/** `oci_sd_configs`: compute instances of the listed compartments (or the whole tenancy) on their primary VNIC's private IP. */
export function createOciDiscoverer(config: OciSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const iaas = vendorEndpoint(options, 'oci_iaas', ociIaasEndpoint(config.region));
  const identity = vendorEndpoint(options, 'oci_identity', ociIdentityEndpoint(config.region));
  const request = (signal: AbortSignal): ProviderRequest => ({ signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes });
  const principal =
    config.authenticationMethod === 'instance_principal'
      ? new OciInstancePrincipal(vendorEndpoint(options, 'oci_imds', OCI_IMDS_ENDPOINT), vendorEndpoint(options, 'oci_auth', ociAuthEndpoint(config.region)), request)
      : null;
  let apiKey: OciSigningKey | null = null;
  /** The key requests are signed with, and the tenancy whose compartments are listed. */
  async function signing(signal: AbortSignal): Promise<{ key: OciSigningKey; tenancy: string }> {
    if (principal) {
      const session = await principal.signingKey(signal);
      return { key: session, tenancy: config.tenancy || session.tenancy };
    }
    apiKey ??= { keyId: `${config.tenancy}/${config.user}/${config.fingerprint}`, key: loadApiKey(config.keyFile, config.keyPassphraseFile) };
    return { key: apiKey, tenancy: config.tenancy };
  }
  /** A signed GET; a refused session is renewed at the next refresh. */
  async function get<T>(url: string, signal: AbortSignal, what: string) {
    const { key } = await signing(signal);
    try {
      return await providerJson<T>(url, { ...request(signal), headers: signOciRequest(key, 'GET', url) }, what);
    } catch (err) {
      if (/answered HTTP 401\b/.test((err as Error).message)) principal?.clear();
      throw err;
    }
  }

  /** Every page of an OCI list: the next page's token comes in the `opc-next-page` header. */
  async function list<T>(base: string, path: string, query: Record<string, string>, signal: AbortSignal, what: string): Promise<T[]> {
    const out: T[] = [];
    let page = '';
    do {
      const q = new URLSearchParams(query);
      if (page) q.set('page', page);
      const url = `${base}${API}${path}?${q}`;
      const { json, headers } = await get<T[]>(url, signal, what);
      out.push(...(Array.isArray(json) ? json : []));
      const next = headers['opc-next-page'];
      page = typeof next === 'string' ? next : '';
    } while (page);
    return out;
  }

  /** The first attached VNIC marked primary; the others are only read until it is found. */
  async function primaryVnic(vnicIds: string[], signal: AbortSignal): Promise<OciVnic | undefined> {
    for (const id of vnicIds) {
      const url = `${iaas}${API}/vnics/${encodeURIComponent(id)}`;
      const { json } = await get<OciVnic>(url, signal, 'could not get VNIC');
      if (json.isPrimary) return json;
    }
    return undefined;
  }

  return new RefreshDiscoverer({
    mechanism: 'oci_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const { tenancy } = await signing(signal);
      const compartments = config.compartments.length
        ? config.compartments
        : [
            tenancy,
            ...(
              await list<{ id: string }>(
                identity,
                '/compartments',
                { compartmentId: tenancy, compartmentIdInSubtree: 'true', accessLevel: 'ANY', lifecycleState: 'ACTIVE' },
                signal,
                'could not list compartments',
              )
            ).map((c) => c.id),
          ];
      const groups: TargetGroup[] = [];
      for (const compartmentId of compartments) {
        const instances = await list<OciInstance>(iaas, '/instances', { compartmentId }, signal, 'could not list instances');
        const attachments = await list<{ instanceId: string; vnicId: string; lifecycleState: string }>(iaas, '/vnicAttachments', { compartmentId }, signal, 'could not list VNIC attachments');
        const targets = await mapLimit(instances, PROVIDER_CONCURRENCY, async (inst) => {
          const primary = await primaryVnic(
            attachments.filter((a) => a.instanceId === inst.id && a.lifecycleState === 'ATTACHED').map((a) => a.vnicId),
            signal,
          );
          // Without a primary VNIC (stopped, terminated, still provisioning) there is no address.
          return primary?.privateIp ? instanceTarget(inst, primary, config.port) : null;
        });
        // One group per compartment, so a compartment that empties drops its targets.
        groups.push({ source: compartmentId, targets: targets.filter((t): t is Labels => t !== null), labels: {} });
      }
      return groups;
    },
  });
}

function instanceTarget(inst: OciInstance, vnic: OciVnic, port: number): Labels {
  const L = OCI_LABELS;
  const labels: Labels = {
    __address__: joinHostPort(vnic.privateIp!, port),
    [L.instanceId]: inst.id,
    [L.instanceName]: inst.displayName,
    [L.instanceState]: inst.lifecycleState,
    [L.compartmentId]: inst.compartmentId,
    [L.availabilityDomain]: inst.availabilityDomain,
    [L.faultDomain]: inst.faultDomain ?? '',
    [L.shape]: inst.shape,
    [L.region]: inst.region,
    [L.privateIp]: vnic.privateIp!,
    [L.hostnameLabel]: vnic.hostnameLabel ?? '',
  };
  if (vnic.publicIp) labels[L.publicIp] = vnic.publicIp;
  if (vnic.ipv6Addresses?.length) labels[L.ipv6Addresses] = SEPARATOR + [...vnic.ipv6Addresses].sort().join(SEPARATOR) + SEPARATOR;
  for (const [key, value] of Object.entries(inst.freeformTags ?? {})) labels[L.tag + sanitizeLabelName(key)] = value;
  for (const [ns, tags] of Object.entries(inst.definedTags ?? {})) {
    for (const [key, value] of Object.entries(tags)) labels[`${L.definedTag}${sanitizeLabelName(ns)}_${sanitizeLabelName(key)}`] = String(value);
  }
  return labels;
}
