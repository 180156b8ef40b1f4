import type { DiscoveryOptions } from '../discoverer';
import { httpGet, redactUrl } from '../internal/http-request';
import { joinHostPort, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import { sanitizeLabelName } from '../label-names';
import type { Labels } from '../target-group';
import { STACKIT_TOKEN_URL, StackitKeyFlow } from './key-flow';
import type { StackitSdConfig } from './stackit-sd-config';

const S = '__meta_stackit_';

/** A server of the IaaS API's server list (`details=true`). */
export interface StackitServer {
  id: string;
  name: string;
  availabilityZone: string;
  status: string;
  powerStatus: string;
  machineType: string;
  labels?: Record<string, unknown> | null;
  nics?: Array<{ networkName: string; ipv4?: string | null; publicIp?: string | null }> | null;
}

/**
 * `stackit_sd_configs`: the servers of one STACKIT project through the IaaS API
 * (`GET /v1/projects/<project>/servers?details=true`, one unpaged list), authenticated by the
 * service-account key flow or, without a key, by whatever `<http_config>` sends.
 */
export function createStackitDiscoverer(config: StackitSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const endpoint = config.endpoint || `https://iaas.api.${config.region}.stackit.cloud`;
  // Prometheus has no field for the token endpoint; tests point it at a local server.
  const keyFlow = config.keyAuth ? new StackitKeyFlow(config.keyAuth, vendorEndpoint(options, 'stackit_token', STACKIT_TOKEN_URL)) : null;
  return new RefreshDiscoverer({
    mechanism: 'stackit_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const request: ProviderRequest = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'Periskop' };
      if (keyFlow) headers.Authorization = `Bearer ${await keyFlow.accessToken(request)}`;
      const url = `${endpoint}/v1/projects/${encodeURIComponent(config.project)}/servers?details=true`;
      const res = await httpGet(url, { ...request, headers });
      // Prometheus accepts exactly 200.
      if (res.status !== 200) throw new Error(`stackit servers: ${redactUrl(url)}: unexpected status code ${res.status}: ${res.body.slice(0, 200)}`.trim());
      let list: { items?: StackitServer[] | null } | null;
      try {
        list = JSON.parse(res.body);
      } catch (err) {
        throw new Error(`stackit servers: decoding response: ${(err as Error).message}`);
      }
      return [{ source: 'stackit', targets: serverTargets(list?.items ?? [], config), labels: {} }];
    },
  });
}

function serverTargets(servers: StackitServer[], config: StackitSdConfig): Labels[] {
  const targets: Labels[] = [];
  for (const server of servers) {
    if (!server.nics) continue;
    const labels: Labels = {
      [`${S}project`]: config.project,
      [`${S}id`]: server.id,
      [`${S}name`]: server.name,
      [`${S}availability_zone`]: server.availabilityZone,
      [`${S}status`]: server.status,
      [`${S}power_status`]: server.powerStatus,
      [`${S}type`]: server.machineType,
    };
    // The first public IP of any NIC wins; else the first private IPv4.
    let address = '';
    let publicIp = '';
    for (const nic of server.nics) {
      if (nic.publicIp && !publicIp) address = publicIp = nic.publicIp;
      if (nic.ipv4) {
        labels[`${S}private_ipv4_${sanitizeLabelName(nic.networkName)}`] = nic.ipv4;
        if (!address) address = nic.ipv4;
      }
    }
    if (!address) continue;
    if (publicIp) labels[`${S}public_ipv4`] = publicIp;
    labels.__address__ = joinHostPort(address, config.port);
    for (const [key, value] of Object.entries(server.labels ?? {})) {
      if (typeof value !== 'string') continue;
      labels[`${S}labelpresent_${sanitizeLabelName(key)}`] = 'true';
      labels[`${S}label_${sanitizeLabelName(key)}`] = value;
    }
    targets.push(labels);
  }
  return targets;
}
