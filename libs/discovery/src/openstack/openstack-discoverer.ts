import type { DiscoveryOptions } from '../discoverer';
import { ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import { hypervisorTargets } from './hypervisor-role';
import { instanceTargets } from './instance-role';
import { authenticate, credentialsFromEnv, endpointFor, KeystoneSession } from './keystone';
import { loadBalancerTargets } from './loadbalancer-role';
import type { OpenstackSdConfig } from './openstack-sd-config';

/**
 * `openstack_sd_configs`: logs in to Keystone on every refresh (as Prometheus does through
 * gophercloud), finds the compute, network and load-balancer endpoints of `region` on the
 * `availability` interface in the token's catalog, and lists the role's resources.
 */
export function createOpenstackDiscoverer(config: OpenstackSdConfig, options: DiscoveryOptions, env: NodeJS.ProcessEnv = process.env): RefreshDiscoverer {
  return new RefreshDiscoverer({
    mechanism: 'openstack_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const base: ProviderRequest = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      let session: KeystoneSession;
      try {
        session = await authenticate(config.credentials ?? credentialsFromEnv(env), base);
      } catch (err) {
        throw new Error(`could not authenticate to OpenStack: ${(err as Error).message}`);
      }
      const request: ProviderRequest = { ...base, headers: { 'X-Auth-Token': session.token } };
      const endpoint = (type: string, what: string) => {
        try {
          return endpointFor(session.catalog, type, config.region, config.availability);
        } catch (err) {
          throw new Error(`could not create OpenStack ${what} session: ${(err as Error).message}`);
        }
      };
      let targets: Labels[];
      if (config.role === 'hypervisor') {
        targets = await hypervisorTargets(endpoint('compute', 'compute'), request, config.port);
      } else if (config.role === 'instance') {
        targets = await instanceTargets(endpoint('compute', 'compute'), endpoint('network', 'network'), request, config.port, config.allTenants);
      } else {
        targets = await loadBalancerTargets(endpoint('load-balancer', 'load balancer'), endpoint('network', 'network'), request);
      }
      return [{ source: `OS_${config.region}`, targets, labels: {} }];
    },
  });
}
