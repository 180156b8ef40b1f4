import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { digitalOceanMechanism } from '.';
import type { Droplet } from './digitalocean-discoverer';

function droplet(id: number, name: string, publicIp: string, extra: Partial<Droplet> = {}): Droplet {
  return {
    id,
    name,
    status: 'active',
    image: { slug: 'ubuntu-16-04-x64', name: '14.04 x64' },
    region: { slug: 'nyc3' },
    size_slug: 's-1vcpu-1gb',
    vpc_uuid: 'f9b0769c-e118-42fb-a0c4-fed15ef69662',
    features: ['backups', 'private_networking'],
    tags: ['monitor'],
    networks: {
      v4: [
        { ip_address: '10.135.69.29', type: 'private' },
        { ip_address: publicIp, type: 'public' },
      ],
      v6: [{ ip_address: '2604:a880:800:10::7fa:1', type: 'public' }],
    },
    ...extra,
  };
}

describe('digitalocean_sd_configs against a fake DigitalOcean API (vendor endpoint override)', () => {
  let droplets: Droplet[];
  const fake = new FakeApi((req) => {
    if (req.path !== '/v2/droplets') return undefined;
    const page = Number(req.query.get('page'));
    const next = page < droplets.length ? { next: `https://api.digitalocean.com/v2/droplets?page=${page + 1}` } : {};
    return { body: { droplets: droplets.slice(page - 1, page), links: { pages: next }, meta: { total: droplets.length } } };
  });
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await fake.close();
  });
  beforeEach(() => {
    fake.failing = false;
    droplets = [
      droplet(3164444, 'example.com', '104.236.32.182'),
      droplet(3164445, 'no-net', '1.1.1.1', { networks: { v4: [], v6: [] } }),
      droplet(3164446, 'plain', '104.236.32.183', { features: [], tags: [] }),
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(digitalOceanMechanism, { authorization: { credentials: 'do-token' }, ...extra }, { vendorEndpoints: { digitalocean: `${fake.url}/v2` } });
    runs.push(r);
    return r;
  }

  it('every droplet with IPv4 networks, across pages, with every meta label', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('DigitalOcean');
    expect(group.targets[0]).toEqual({
      __address__: '104.236.32.182:9100',
      __meta_digitalocean_droplet_id: '3164444',
      __meta_digitalocean_droplet_name: 'example.com',
      __meta_digitalocean_image: 'ubuntu-16-04-x64',
      __meta_digitalocean_image_name: '14.04 x64',
      __meta_digitalocean_private_ipv4: '10.135.69.29',
      __meta_digitalocean_public_ipv4: '104.236.32.182',
      __meta_digitalocean_public_ipv6: '2604:a880:800:10::7fa:1',
      __meta_digitalocean_region: 'nyc3',
      __meta_digitalocean_size: 's-1vcpu-1gb',
      __meta_digitalocean_status: 'active',
      __meta_digitalocean_vpc: 'f9b0769c-e118-42fb-a0c4-fed15ef69662',
      __meta_digitalocean_features: ',backups,private_networking,',
      __meta_digitalocean_tags: ',monitor,',
    });
    expect(group.targets.map((t) => t.__address__)).toEqual(['104.236.32.182:9100', '104.236.32.183:9100']);
    expect(group.targets[1].__meta_digitalocean_tags).toBeUndefined();
    expect(fake.requests[0].headers.authorization).toBe('Bearer do-token');
  });

  it('relabels on the digitalocean meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_digitalocean_tags'], regex: '.*,monitor,.*', action: 'keep' },
      { source_labels: ['__meta_digitalocean_private_ipv4'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_digitalocean_droplet_name'], target_label: 'droplet' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://10.135.69.29:7777/errors', { droplet: 'example.com', instance: '10.135.69.29:7777' }],
    ]);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (droplets = droplets.slice(2)), ['104.236.32.183:80']);
  });

  it('refuses unknown keys', () => {
    expect(() => digitalOceanMechanism.parse({ token: 'x' }, { baseDir: '/' })).toThrow('field token not found in type digitalocean.SDConfig');
  });
});
