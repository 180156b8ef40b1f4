import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';

/** One `ovhcloud_sd_configs` entry, with Prometheus's defaults. */
export interface OvhcloudSdConfig {
  /** The API base URL, resolved from a go-ovh endpoint name (`ovh-eu`) or given as a URL. */
  endpoint: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  service: 'vps' | 'dedicated_server';
  refreshIntervalMs: number;
}

const KEYS = ['endpoint', 'application_key', 'application_secret', 'consumer_key', 'service', 'refresh_interval'];

/** The endpoint names OVHcloud's own clients know. */
export const OVH_ENDPOINTS: Record<string, string> = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
  'kimsufi-eu': 'https://eu.api.kimsufi.com/1.0',
  'kimsufi-ca': 'https://ca.api.kimsufi.com/1.0',
  'soyoustart-eu': 'https://eu.api.soyoustart.com/1.0',
  'soyoustart-ca': 'https://ca.api.soyoustart.com/1.0',
};

export function parseOvhcloudSdConfig(raw: unknown): OvhcloudSdConfig {
  const r = ConfigReader.of(raw, 'ovhcloud.SDConfig', KEYS);
  const endpoint = r.string('endpoint', 'ovh-eu');
  if (endpoint === '') throw new ConfigPathError(['endpoint'], 'endpoint can not be empty');
  const base = OVH_ENDPOINTS[endpoint] ?? endpoint;
  if (!/^https?:\/\//.test(base)) throw new ConfigPathError(['endpoint'], `unknown endpoint '${endpoint}', consider checking 'Endpoints' list or using an URL`);
  const applicationKey = r.string('application_key');
  if (applicationKey === '') throw new ConfigPathError(['application_key'], 'application key can not be empty');
  const applicationSecret = r.string('application_secret');
  if (applicationSecret === '') throw new ConfigPathError(['application_secret'], 'application secret can not be empty');
  const consumerKey = r.string('consumer_key');
  if (consumerKey === '') throw new ConfigPathError(['consumer_key'], 'consumer key can not be empty');
  const service = r.string('service');
  if (service !== 'vps' && service !== 'dedicated_server') throw new ConfigPathError(['service'], `unknown service: ${service}`);
  return { endpoint: base.replace(/\/$/, ''), applicationKey, applicationSecret, consumerKey, service, refreshIntervalMs: r.duration('refresh_interval', 60_000) };
}
