import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { httpGet, redactUrl } from '../internal/http-request';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import { EurekaApplication, parseEurekaApps } from './eureka-apps';
import type { EurekaSdConfig } from './eureka-sd-config';

const APP = '__meta_eureka_app_';
const INSTANCE = `${APP}instance_`;
export const EUREKA_APP_NAME = `${APP}name`;
export const EUREKA_INSTANCE_LABELS = {
  hostname: `${INSTANCE}hostname`,
  homepageUrl: `${INSTANCE}homepage_url`,
  statuspageUrl: `${INSTANCE}statuspage_url`,
  healthcheckUrl: `${INSTANCE}healthcheck_url`,
  ipAddr: `${INSTANCE}ip_addr`,
  vipAddress: `${INSTANCE}vip_address`,
  secureVipAddress: `${INSTANCE}secure_vip_address`,
  status: `${INSTANCE}status`,
  port: `${INSTANCE}port`,
  portEnabled: `${INSTANCE}port_enabled`,
  securePort: `${INSTANCE}secure_port`,
  securePortEnabled: `${INSTANCE}secure_port_enabled`,
  datacenterinfoName: `${INSTANCE}datacenterinfo_name`,
  datacenterinfoMetadataPrefix: `${INSTANCE}datacenterinfo_metadata_`,
  countryId: `${INSTANCE}country_id`,
  id: `${INSTANCE}id`,
  metadataPrefix: `${INSTANCE}metadata_`,
} as const;

/**
 * `eureka_sd_configs`: every instance of every application registered in a Eureka server
 * (`GET <server>/apps`, XML as Eureka answers by default), one group with source `eureka`.
 */
export function createEurekaDiscoverer(config: EurekaSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  return new RefreshDiscoverer({
    mechanism: 'eureka_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const url = `${config.server}/apps`;
      const res = await httpGet(url, {
        client: config.client,
        signal,
        timeoutMs: providerTimeoutMs(config.refreshIntervalMs),
        maxBodyBytes: options.maxResponseBytes,
        headers: { 'User-Agent': 'Periskop' },
      });
      if (res.status < 200 || res.status > 299) throw new Error(`non 2xx status '${res.status}' response during eureka service discovery`);
      let apps: EurekaApplication[];
      try {
        apps = parseEurekaApps(res.body);
      } catch (err) {
        throw new Error(`${JSON.stringify(redactUrl(url))}: ${(err as Error).message}`);
      }
      return [eurekaGroup(apps)];
    },
  });
}

export function eurekaGroup(apps: EurekaApplication[]): TargetGroup {
  const L = EUREKA_INSTANCE_LABELS;
  const targets: Labels[] = [];
  for (const app of apps) {
    for (const t of app.instances) {
      const labels: Labels = {
        // Eureka's port when the instance has one, else 80.
        __address__: joinHostPort(t.hostName, t.port ? t.port.port : 80),
        instance: t.instanceId,
        [EUREKA_APP_NAME]: app.name,
        [L.hostname]: t.hostName,
        [L.homepageUrl]: t.homePageUrl,
        [L.statuspageUrl]: t.statusPageUrl,
        [L.healthcheckUrl]: t.healthCheckUrl,
        [L.ipAddr]: t.ipAddr,
        [L.vipAddress]: t.vipAddress,
        [L.secureVipAddress]: t.secureVipAddress,
        [L.status]: t.status,
        [L.countryId]: String(t.countryId),
        [L.id]: t.instanceId,
      };
      if (t.port) {
        labels[L.port] = String(t.port.port);
        labels[L.portEnabled] = String(t.port.enabled);
      }
      if (t.securePort) {
        labels[L.securePort] = String(t.securePort.port);
        labels[L.securePortEnabled] = String(t.securePort.enabled);
      }
      if (t.dataCenterInfo) {
        labels[L.datacenterinfoName] = t.dataCenterInfo.name;
        for (const [k, v] of Object.entries(t.dataCenterInfo.metadata)) labels[L.datacenterinfoMetadataPrefix + sanitizeLabelName(k)] = v;
      }
      for (const [k, v] of Object.entries(t.metadata ?? {})) labels[L.metadataPrefix + sanitizeLabelName(k)] = v;
      targets.push(labels);
    }
  }
  return { source: 'eureka', targets, labels: {} };
}
