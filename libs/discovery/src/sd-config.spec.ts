import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { waitFor } from '../test/wait-for';
import { parseRelabelConfigs } from './relabel/relabel';
import { SD_CONFIG_KEYS } from './install';
import { parseServiceDiscovery } from './sd-config';
import { createServiceDiscovery } from './service-discovery';

describe('parseServiceDiscovery', () => {
  /** The 36 `*_sd_configs` keys Prometheus 3.14 registers (its discovery/install), plus static_configs. */
  const PROMETHEUS_SD_KEYS = [
    'aws',
    'azure',
    'consul',
    'digitalocean',
    'dns',
    'docker',
    'dockerswarm',
    'ec2',
    'ecs',
    'elasticache',
    'eureka',
    'file',
    'gce',
    'hetzner',
    'http',
    'ionos',
    'kubernetes',
    'kuma',
    'lightsail',
    'linode',
    'marathon',
    'msk',
    'nerve',
    'nomad',
    'oci',
    'openstack',
    'outscale',
    'ovhcloud',
    'puppetdb',
    'rds',
    'scaleway',
    'serverset',
    'stackit',
    'triton',
    'uyuni',
    'vultr',
  ].map((name) => `${name}_sd_configs`);

  it('registers every Prometheus mechanism, each once', () => {
    expect(PROMETHEUS_SD_KEYS).toHaveLength(36);
    expect([...SD_CONFIG_KEYS].sort()).toEqual(['static_configs', ...PROMETHEUS_SD_KEYS].sort());
  });

  it.each([
    [{ dns_sd_configs: [{ names: ['a'], type: 'A' }] }, 'dns_sd_configs[0].port', 'a port is required in DNS-SD configs for all record types except SRV'],
    [{ file_sd_configs: [{ files: ['a.json'] }, { files: ['x/*/y.json'] }] }, 'file_sd_configs[1].files[0]', 'path name "x/*/y.json" is not valid for file discovery'],
    [{ consul_sd_configs: [{ servr: 'x' }] }, 'consul_sd_configs[0].servr', 'field servr not found in type consul.SDConfig'],
    [{ kubernetes_sd_configs: [{ role: 'pod', api_server: 'http://k', selectors: [{ role: 'pod', labels: 'a' }] }] }, 'kubernetes_sd_configs[0].selectors[0].labels', 'field labels not found'],
    [{ http_sd_configs: {} }, 'http_sd_configs', 'must be a list'],
  ])('%j fails at %s', (raw, path, reason) => {
    let error: unknown;
    try {
      parseServiceDiscovery(raw, { baseDir: '/' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigPathError);
    expect((error as ConfigPathError).path.join('.').replace(/\.(\d+)/g, '[$1]')).toBe(path);
    expect((error as ConfigPathError).reason).toContain(reason);
  });

  it('ignores keys that are not SD blocks', () => {
    expect(parseServiceDiscovery({ name: 'x', scraper: {}, static_configs: [{ targets: ['a:1'] }] }, { baseDir: '/' })).toEqual([
      { key: 'static_configs', configs: [{ targets: ['a:1'], labels: {} }] },
    ]);
  });
});

describe('ServiceDiscovery across mechanisms', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sd-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('merges static and file targets, relabels, and follows the changes of a file', async () => {
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify([{ targets: ['f1:7', 'skip:7'] }]));
    const sd = parseServiceDiscovery({ static_configs: [{ targets: ['s:1'], labels: { kind: 'static' } }], file_sd_configs: [{ files: ['fleet.json'] }] }, { baseDir: dir });
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__address__'], regex: 'skip:.*', action: 'drop' },
      { source_labels: ['__meta_filepath'], regex: '.+', target_label: 'kind', replacement: 'file' },
    ]);
    const discovery = createServiceDiscovery({ service: 'web', sd, relabelConfigs, endpoint: '/errors' });
    try {
      await discovery.start();
      expect(discovery.targets().map((t) => [t.url, t.labels.kind])).toEqual([
        ['http://s:1/errors', 'static'],
        ['http://f1:7/errors', 'file'],
      ]);
      expect(discovery.droppedTargets().map((d) => d.discoveredLabels.__address__)).toEqual(['skip:7']);

      writeFileSync(file, '[]');
      await waitFor(() => discovery.targets().length === 1);
      expect(discovery.targets().map((t) => t.address)).toEqual(['s:1']);
    } finally {
      await discovery.stop();
    }
  });
});
