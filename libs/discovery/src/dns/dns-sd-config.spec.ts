import { parseDnsSdConfig } from './dns-sd-config';

describe('dns_sd_configs parsing', () => {
  it('applies defaults: SRV, 30s', () => {
    expect(parseDnsSdConfig({ names: ['_x._tcp.example.com'] })).toEqual({ names: ['_x._tcp.example.com'], type: 'SRV', port: 0, refreshIntervalMs: 30_000 });
  });

  it.each([
    [{ names: [] }, 'names: DNS-SD config must contain at least one SRV record name'],
    [{ names: ['a'], type: 'TXT' }, 'type: invalid DNS-SD records type TXT'],
    [{ names: ['a'], type: 'A' }, 'port: a port is required in DNS-SD configs for all record types except SRV'],
    [{ names: ['a'], refresh_interval: '10' }, 'refresh_interval: not a valid duration string: "10"'],
    [{ names: ['a'], server: 'x' }, 'server: field server not found in type dns.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseDnsSdConfig(raw)).toThrow(message);
  });
});
