import type { DiscoveryOptions } from '../discoverer';
import { httpGet } from '../internal/http-request';
import { providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { UyuniSdConfig } from './uyuni-sd-config';
import { decodeResponse, encodeCall, RpcValue } from './xml-rpc';

const P = '__meta_uyuni_';
export const UYUNI_LABELS = {
  minionHostname: `${P}minion_hostname`,
  primaryFqdn: `${P}primary_fqdn`,
  systemId: `${P}system_id`,
  groups: `${P}groups`,
  endpointName: `${P}endpoint_name`,
  exporter: `${P}exporter`,
  proxyModule: `${P}proxy_module`,
  metricsPath: `${P}metrics_path`,
  scheme: `${P}scheme`,
} as const;

const TOKEN_SECONDS = 600;

type Struct = Record<string, RpcValue>;

/**
 * `uyuni_sd_configs`: the monitoring endpoints of Uyuni systems with the configured
 * entitlement, through Uyuni's XML-RPC API (`auth.login`, then the systems' groups, endpoints
 * and network information). The session is renewed at half its lifetime and after a failure.
 */
export function createUyuniDiscoverer(config: UyuniSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const apiUrl = `${config.server}/rpc/api`;
  let token = '';
  let tokenExpires = 0;
  return new RefreshDiscoverer({
    mechanism: 'uyuni_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const call = async (method: string, params: RpcValue[]): Promise<RpcValue> => {
        const res = await httpGet(apiUrl, {
          method: 'POST',
          body: encodeCall(method, params),
          headers: { 'Content-Type': 'text/xml', 'User-Agent': 'Periskop' },
          client: config.client,
          signal,
          timeoutMs: providerTimeoutMs(config.refreshIntervalMs),
          maxBodyBytes: options.maxResponseBytes,
        });
        if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status}`);
        return decodeResponse(res.body);
      };
      if (Date.now() >= tokenExpires) {
        try {
          token = String(await call('auth.login', [config.username, config.password, TOKEN_SECONDS]));
        } catch (err) {
          throw new Error(`unable to login to Uyuni API: ${(err as Error).message}`);
        }
        tokenExpires = Date.now() + (TOKEN_SECONDS * 1000) / 2;
      }
      try {
        return [{ source: apiUrl, targets: await systemTargets(call, token, config), labels: {} }];
      } catch (err) {
        tokenExpires = 0;
        throw err;
      }
    },
  });
}

async function systemTargets(call: (method: string, params: RpcValue[]) => Promise<RpcValue>, token: string, config: UyuniSdConfig): Promise<Labels[]> {
  const groupsBySystem = new Map<number, string[]>();
  let systems: Struct[];
  try {
    systems = (await call('system.listSystemGroupsForSystemsWithEntitlement', [token, config.entitlement])) as Struct[];
  } catch (err) {
    throw new Error(`unable to get the managed system groups information of monitored clients: ${(err as Error).message}`);
  }
  for (const s of systems ?? [])
    groupsBySystem.set(
      Number(s.id),
      ((s.system_groups as Struct[]) ?? []).map((g) => String(g.name)),
    );
  const ids = [...groupsBySystem.keys()];
  let endpoints: Struct[];
  try {
    endpoints = (await call('system.monitoring.listEndpoints', [token, ids])) as Struct[];
  } catch (err) {
    throw new Error(`unable to get endpoints information: ${(err as Error).message}`);
  }
  let networks: Struct[];
  try {
    networks = (await call('system.getNetworkForSystems', [token, ids])) as Struct[];
  } catch (err) {
    throw new Error(`unable to get the systems network information: ${(err as Error).message}`);
  }
  const networkBySystem = new Map((networks ?? []).map((n) => [Number(n.system_id), n]));
  const L = UYUNI_LABELS;
  return (endpoints ?? []).map((e) => {
    const id = Number(e.system_id);
    const net = networkBySystem.get(id) ?? {};
    const hostname = String(net.hostname ?? '');
    return {
      __address__: `${hostname}:${Number(e.port ?? 0)}`,
      [L.minionHostname]: hostname,
      [L.primaryFqdn]: String(net.primary_fqdn ?? ''),
      [L.systemId]: String(id),
      [L.groups]: (groupsBySystem.get(id) ?? []).join(config.separator),
      [L.endpointName]: String(e.endpoint_name ?? ''),
      [L.exporter]: String(e.exporter_name ?? ''),
      [L.proxyModule]: String(e.module ?? ''),
      [L.metricsPath]: String(e.path ?? ''),
      [L.scheme]: e.tls_enabled === true ? 'https' : 'http',
    };
  });
}
