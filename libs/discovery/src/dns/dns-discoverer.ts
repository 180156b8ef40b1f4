import { Resolver } from 'node:dns/promises';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { DiscoveryOptions } from '../discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { DnsSdConfig } from './dns-sd-config';

export const DNS_NAME_LABEL = '__meta_dns_name';
export const DNS_SRV_TARGET_LABEL = '__meta_dns_srv_record_target';
export const DNS_SRV_PORT_LABEL = '__meta_dns_srv_record_port';
export const DNS_MX_TARGET_LABEL = '__meta_dns_mx_record_target';
export const DNS_NS_TARGET_LABEL = '__meta_dns_ns_record_target';

// Node answers these codes for "the name exists without such records" and "no such name":
// Prometheus treats both as a successful lookup with no targets.
const EMPTY_ANSWER_CODES = new Set(['ENODATA', 'ENOTFOUND']);

/** `dns_sd_configs`: one group per configured name, re-resolved every refresh_interval. */
export function createDnsDiscoverer(config: DnsSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  // Prometheus reads /etc/resolv.conf only; `dnsServers` points lookups elsewhere (tests, split DNS).
  if (options.dnsServers?.length) resolver.setServers(options.dnsServers);
  return new RefreshDiscoverer({
    mechanism: 'dns_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async () => {
      const results = await Promise.allSettled(config.names.map((name) => lookupGroup(resolver, config, name)));
      const groups: TargetGroup[] = [];
      results.forEach((result, i) => {
        // A failed name sends nothing, so its previous targets stay; the others still update.
        if (result.status === 'fulfilled') groups.push(result.value);
        else options.onError?.('dns_sd_configs', new Error(`lookup of ${config.names[i]} failed: ${(result.reason as Error).message}`));
      });
      return groups;
    },
  });
}

async function lookupGroup(resolver: Resolver, config: DnsSdConfig, name: string): Promise<TargetGroup> {
  let targets: Labels[];
  try {
    targets = await lookupTargets(resolver, config, name);
  } catch (err) {
    if (!EMPTY_ANSWER_CODES.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
    targets = [];
  }
  return { source: name, labels: {}, targets };
}

async function lookupTargets(resolver: Resolver, config: DnsSdConfig, name: string): Promise<Labels[]> {
  // Node drops the trailing dot; resolving "name." and "name" is the same query.
  const query = name.endsWith('.') ? name.slice(0, -1) : name;
  const target = (address: string, extra: Partial<Labels>): Labels => ({
    __address__: address,
    [DNS_NAME_LABEL]: name,
    [DNS_SRV_TARGET_LABEL]: '',
    [DNS_SRV_PORT_LABEL]: '',
    [DNS_MX_TARGET_LABEL]: '',
    [DNS_NS_TARGET_LABEL]: '',
    ...extra,
  });
  switch (config.type) {
    case 'SRV':
      return (await resolver.resolveSrv(query)).map((r) => target(`${r.name}:${r.port}`, { [DNS_SRV_TARGET_LABEL]: fqdn(r.name), [DNS_SRV_PORT_LABEL]: String(r.port) }));
    case 'A':
      return (await resolver.resolve4(query)).map((ip) => target(`${ip}:${config.port}`, {}));
    case 'AAAA':
      return (await resolver.resolve6(query)).map((ip) => target(`[${ip}]:${config.port}`, {}));
    case 'MX':
      return (await resolver.resolveMx(query)).map((r) => target(`${r.exchange}:${config.port}`, { [DNS_MX_TARGET_LABEL]: fqdn(r.exchange) }));
    case 'NS':
      return (await resolver.resolveNs(query)).map((host) => target(`${host}:${config.port}`, { [DNS_NS_TARGET_LABEL]: fqdn(host) }));
  }
}

/** Record targets as DNS writes them, with the trailing dot Prometheus's labels keep. */
function fqdn(host: string): string {
  return host.endsWith('.') ? host : `${host}.`;
}
