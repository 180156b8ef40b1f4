import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';

export const DNS_RECORD_TYPES = ['SRV', 'A', 'AAAA', 'MX', 'NS'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** One `dns_sd_configs` entry. */
export interface DnsSdConfig {
  names: string[];
  type: DnsRecordType;
  /** Required for every type except SRV, whose records carry their own port. */
  port: number;
  refreshIntervalMs: number;
}

const KEYS = ['names', 'type', 'port', 'refresh_interval'];

export function parseDnsSdConfig(raw: unknown): DnsSdConfig {
  const r = ConfigReader.of(raw, 'dns.SDConfig', KEYS);
  const names = r.stringList('names');
  if (names.length === 0) throw new ConfigPathError(['names'], 'DNS-SD config must contain at least one SRV record name');
  const typeText = r.string('type', 'SRV');
  const type = typeText.toUpperCase() as DnsRecordType;
  if (!DNS_RECORD_TYPES.includes(type)) throw new ConfigPathError(['type'], `invalid DNS-SD records type ${typeText}`);
  const port = r.int('port', 0, 0, 65535);
  if (type !== 'SRV' && port === 0) throw new ConfigPathError(['port'], 'a port is required in DNS-SD configs for all record types except SRV');
  return { names, type, port, refreshIntervalMs: r.duration('refresh_interval', 30_000) };
}
