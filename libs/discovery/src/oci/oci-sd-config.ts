import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';

/** One `oci_sd_configs` entry. */
export interface OciSdConfig {
  authenticationMethod: 'api_key' | 'instance_principal';
  user: string;
  fingerprint: string;
  keyFile: string;
  keyPassphraseFile: string | null;
  tenancy: string;
  region: string;
  /** Empty: every active compartment of the tenancy, found through the Identity API. */
  compartments: string[];
  port: number;
  refreshIntervalMs: number;
}

const KEYS = ['authentication_method', 'user', 'fingerprint', 'key_file', 'key_passphrase_file', 'tenancy', 'region', 'compartments', 'port', 'refresh_interval'];

export function parseOciSdConfig(raw: unknown, baseDir: string): OciSdConfig {
  const r = ConfigReader.of(raw, 'oci.SDConfig', KEYS);
  const method = r.string('authentication_method', 'api_key');
  if (method !== 'api_key' && method !== 'instance_principal')
    throw new ConfigPathError(['authentication_method'], `unknown authentication_method ${JSON.stringify(method)}, expected api_key or instance_principal`);
  const required = (key: string) => {
    const value = r.string(key);
    if (value === '') throw new ConfigPathError([key], `oci SD configuration requires a ${key}`);
    return value;
  };
  const region = required('region');
  const file = (text: string) => (isAbsolute(text) ? text : resolve(baseDir, text));
  const apiKey = method === 'api_key';
  // An instance principal's identity (and tenancy, when omitted) comes from the VM's certificate.
  const tenancy = apiKey ? required('tenancy') : r.string('tenancy');
  const user = apiKey ? required('user') : '';
  const fingerprint = apiKey ? required('fingerprint') : '';
  const keyFile = apiKey ? file(required('key_file')) : '';
  const passphrase = r.string('key_passphrase_file');
  if (!apiKey) {
    for (const key of ['user', 'fingerprint', 'key_file', 'key_passphrase_file']) {
      if (r.has(key)) throw new ConfigPathError([key], `${key} is for authentication_method api_key, not instance_principal`);
    }
  }
  return {
    authenticationMethod: method,
    user,
    fingerprint,
    keyFile,
    keyPassphraseFile: passphrase ? file(passphrase) : null,
    tenancy,
    region,
    compartments: r.stringList('compartments'),
    port: r.int('port', 80, 0, 65535),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
  };
}
