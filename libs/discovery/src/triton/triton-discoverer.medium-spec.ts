import { startHttpsServer } from '../../test/http-server';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { tritonMechanism } from '.';

describe('triton_sd_configs against a fake Triton CMON over HTTPS', () => {
  let containers: Array<Record<string, unknown>>;
  const state = { failing: false };
  let server: Awaited<ReturnType<typeof startHttpsServer>>;
  const runs: MechanismRun[] = [];

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      if (state.failing) return void res.writeHead(500).end('cmon unavailable');
      const url = new URL(req.url ?? '/', 'https://x');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (url.pathname === '/v1/discover') return void res.end(JSON.stringify({ containers }));
      if (url.pathname === '/v1/gz/discover') return void res.end(JSON.stringify({ cns: [{ server_uuid: '44454c4c-5000-104d-8037-b7c04f5a5131', server_hostname: 'server01' }] }));
      res.end('{}');
    });
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await server.close();
    server.cleanup();
  });
  beforeEach(() => {
    state.failing = false;
    containers = [
      {
        groups: ['foo', 'bar'],
        server_uuid: '44454c4c-5000-104d-8037-b7c04f5a5131',
        vm_alias: 'server01',
        vm_brand: 'lx',
        vm_image_uuid: '7b27a514-89d7-11e6-bee6-3f96f367bee7',
        vm_uuid: 'ad466fbf-46a2-4027-9b64-8d3cdb7e9072',
      },
      {
        server_uuid: 'a5894692-bd32-4ca1-908a-e2dda3c3a5e6',
        vm_alias: 'server02',
        vm_brand: 'kvm',
        vm_image_uuid: 'a5894692-bd32-4ca1-908a-e2dda3c3a5e6',
        vm_uuid: 'd23b2d58-84a3-4fa2-a6d3-2e0aee4a9e49',
      },
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const port = Number(new URL(server.url).port);
    const r = await runMechanism(tritonMechanism, { account: 'testAccount', dns_suffix: 'triton.example.com', endpoint: '127.0.0.1', port, tls_config: { ca_file: server.caFile }, ...extra });
    runs.push(r);
    return { r, port };
  }

  it('role container: every container with every meta label, asking for the configured groups', async () => {
    const { r, port } = await run({ groups: ['foo', 'bar'] });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe(`https://127.0.0.1:${port}/v1/discover?groups=foo%2Cbar`);
    expect(group.targets[0]).toEqual({
      __address__: `ad466fbf-46a2-4027-9b64-8d3cdb7e9072.triton.example.com:${port}`,
      __meta_triton_groups: ',foo,bar,',
      __meta_triton_machine_alias: 'server01',
      __meta_triton_machine_brand: 'lx',
      __meta_triton_machine_id: 'ad466fbf-46a2-4027-9b64-8d3cdb7e9072',
      __meta_triton_machine_image: '7b27a514-89d7-11e6-bee6-3f96f367bee7',
      __meta_triton_server_id: '44454c4c-5000-104d-8037-b7c04f5a5131',
    });
    expect(group.targets[1].__meta_triton_groups).toBeUndefined();
  });

  it('role cn: compute nodes', async () => {
    const { r, port } = await run({ role: 'cn' });
    expect(r.latest()[0].targets).toEqual([
      { __address__: `44454c4c-5000-104d-8037-b7c04f5a5131.triton.example.com:${port}`, __meta_triton_machine_id: '44454c4c-5000-104d-8037-b7c04f5a5131', __meta_triton_machine_alias: 'server01' },
    ]);
  });

  it('relabels on the triton meta labels', async () => {
    const { r } = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_triton_machine_brand'], regex: 'kvm', action: 'keep' },
      { source_labels: ['__meta_triton_machine_alias'], target_label: 'instance' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => t.labels)).toEqual([{ instance: 'server02' }]);
  });

  it('keeps the last targets while CMON fails, then refreshes', async () => {
    const { r, port } = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, state, () => containers.shift(), [`d23b2d58-84a3-4fa2-a6d3-2e0aee4a9e49.triton.example.com:${port}`]);
  });
});

describe('triton_sd_configs parsing', () => {
  it.each([
    [{ account: 'a', dns_suffix: 'd', endpoint: 'e', role: 'vm' }, "triton SD configuration requires role to be 'container' or 'cn'"],
    [{ dns_suffix: 'd', endpoint: 'e' }, 'triton SD configuration requires an account'],
    [{ account: 'a', endpoint: 'e' }, 'triton SD configuration requires a dns_suffix'],
    [{ account: 'a', dns_suffix: 'd' }, 'triton SD configuration requires an endpoint'],
    [{ account: 'a', dns_suffix: 'd', endpoint: 'e', refresh_interval: '0s' }, 'triton SD configuration requires RefreshInterval to be a positive integer'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => tritonMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(tritonMechanism.parse({ account: 'a', dns_suffix: 'd', endpoint: 'e' }, { baseDir: '/' })).toMatchObject({ role: 'container', port: 9163, version: 1, refreshIntervalMs: 60_000 });
  });
});
