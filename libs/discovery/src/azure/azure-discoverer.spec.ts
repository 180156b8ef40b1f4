import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envSnapshot } from '../../test/env-vars';
import { FakeApi, SeenRequest } from '../../test/fake-api';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { waitFor } from '../../test/wait-for';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { azureMechanism } from '.';
import type { ArmNetworkInterface, ArmVirtualMachine } from './azure-discoverer';

const SUB = '/subscriptions/sub-1';
const nicId = (rg: string, name: string) => `${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/networkInterfaces/${name}`;

function vm(name: string, rg: string, nic: string, extra: Partial<ArmVirtualMachine> = {}): ArmVirtualMachine {
  return {
    id: `${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'westeurope',
    tags: {},
    properties: {
      hardwareProfile: { vmSize: 'Standard_B1s' },
      osProfile: { computerName: `${name}-host` },
      storageProfile: { osDisk: { osType: 'Linux' } },
      networkProfile: { networkInterfaces: [{ id: nicId(rg, nic) }] },
    },
    ...extra,
  };
}

function nic(privateIp: string, publicIp?: string, primary: boolean | null = true): ArmNetworkInterface {
  return {
    properties: {
      primary,
      ipConfigurations: [{ properties: { privateIPAddress: privateIp, ...(publicIp ? { publicIPAddress: { properties: { ipAddress: publicIp } } } : {}) } }],
    },
  };
}

/**
 * A fake Entra ID login host, instance metadata service and Resource Manager in one loopback
 * server, answering in Azure's documented JSON. Resource Manager requires the bearer token
 * the login host issued for the configured client secret (or IMDS for the managed identity).
 */
class FakeAzure extends FakeApi {
  vms: ArmVirtualMachine[] = [];
  scaleSetVms: ArmVirtualMachine[] = [];
  nics: Record<string, ArmNetworkInterface> = {};
  validTokens = new Set<string>();
  /** When set, the VM list's first page points its nextLink here. */
  foreignNextLink: string | null = null;
  constructor() {
    super((req) => this.answer(req));
  }

  tokenRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token') || r.path === '/metadata/identity/oauth2/token');
  }

  private answer(req: SeenRequest) {
    if (req.method === 'POST' && req.path === '/tenant-1/oauth2/v2.0/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('scope') !== 'https://management.azure.com/.default' || form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'invalid_request' } };
      if (form.get('client_id') === 'client-1' && form.get('client_secret') === 's3cret-value') return this.issue('oauth-token');
      if (form.get('client_id') === 'client-1' && form.get('client_assertion') === 'federated-jwt' && form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
        return this.issue('workload-token');
      return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
    }
    if (req.path === '/metadata/identity/oauth2/token') {
      if (req.headers.metadata !== 'true' || req.query.get('resource') !== 'https://management.azure.com/' || req.query.get('api-version') !== '2018-02-01')
        return { status: 400, body: { error: 'invalid_request' } };
      return { body: { access_token: `mi-token-${req.query.get('client_id') ?? 'system'}`, expires_in: '86399', token_type: 'Bearer' } };
    }
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.validTokens.has(bearer) && !bearer.startsWith('mi-token-')) return { status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } };
    if (req.path.endsWith('/providers/Microsoft.Compute/virtualMachines')) {
      // Two pages: the first names the second through nextLink, as Resource Manager does.
      const second = req.query.get('$skiptoken') === '2';
      const inScope = this.vms.filter((v) => v.id.startsWith(req.path.replace('/providers/Microsoft.Compute/virtualMachines', '/')));
      if (this.foreignNextLink) return { body: { value: [], nextLink: this.foreignNextLink } };
      const next = `${this.url}${req.path}?api-version=${req.query.get('api-version')}&$skiptoken=2`;
      return { body: second ? { value: inScope.slice(1) } : { value: inScope.slice(0, 1), ...(inScope.length > 1 ? { nextLink: next } : {}) } };
    }
    if (req.path.endsWith('/providers/Microsoft.Compute/virtualMachineScaleSets')) {
      return { body: { value: this.scaleSetVms.length ? [{ id: `${SUB}/resourceGroups/rg-ss/providers/Microsoft.Compute/virtualMachineScaleSets/ss1`, name: 'ss1' }] : [] } };
    }
    if (req.path === `${SUB}/resourceGroups/rg-ss/providers/Microsoft.Compute/virtualMachineScaleSets/ss1/virtualMachines`) return { body: { value: this.scaleSetVms } };
    if (req.query.get('$expand') !== 'IPConfigurations/PublicIPAddress') return undefined;
    const found = this.nics[req.path];
    return found ? { body: found } : { status: 404, body: { error: { code: 'NotFound' } } };
  }

  private issue(token: string) {
    this.validTokens.add(token);
    return { body: { token_type: 'Bearer', expires_in: 3599, access_token: token } };
  }
}

describe('azure_sd_configs against a fake Entra ID and Resource Manager (vendor endpoint override)', () => {
  const fake = new FakeAzure();
  const runs: MechanismRun[] = [];
  const oauth = { subscription_id: 'sub-1', tenant_id: 'tenant-1', client_id: 'client-1', client_secret: 's3cret-value' };
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  // Each test's discoverers stop before the next starts, so the fake sees only that test's requests.
  afterEach(async () => {
    for (const r of runs.splice(0)) await r.stop();
  });
  beforeEach(() => {
    fake.failing = false;
    fake.requests.length = 0;
    fake.vms = [vm('web-1', 'rg1', 'nic-web-1', { tags: { env: 'prod', 'team.name': 'pay' } }), vm('db-1', 'rg2', 'nic-db-1'), vm('stopped-1', 'rg1', 'nic-stopped'), vm('gone-1', 'rg1', 'nic-gone')];
    fake.scaleSetVms = [
      {
        ...vm('ss1_0', 'rg-ss', 'nic-ss'),
        id: `${SUB}/resourceGroups/rg-ss/providers/Microsoft.Compute/virtualMachineScaleSets/ss1/virtualMachines/0`,
        instanceId: '0',
        type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
      },
    ];
    fake.nics = {
      [nicId('rg1', 'nic-web-1')]: nic('10.0.0.4', '52.1.2.3'),
      [nicId('rg2', 'nic-db-1')]: nic('10.0.1.5'),
      [nicId('rg1', 'nic-stopped')]: nic('10.0.0.9', undefined, null),
      [`${SUB}/resourceGroups/rg-ss/providers/Microsoft.Compute/virtualMachineScaleSets/ss1/virtualMachines/0/networkInterfaces/nic-ss`]: nic('10.0.2.6'),
    };
  });

  async function run(raw: Record<string, unknown>) {
    const r = await runMechanism(azureMechanism, raw, { vendorEndpoints: { azure_login: fake.url, azure_management: fake.url, azure_imds: fake.url } });
    runs.push(r);
    return r;
  }

  it('lists VMs across pages and scale-set VMs, with every meta label, through an OAuth client-credentials token', async () => {
    const r = await run({ ...oauth, port: 9100 });
    const [group] = r.latest();
    expect(group.source).toBe('azure');
    const byName = Object.fromEntries(group.targets.map((t) => [t.__meta_azure_machine_name, t]));
    expect(byName['web-1']).toEqual({
      __address__: '10.0.0.4:9100',
      __meta_azure_subscription_id: 'sub-1',
      __meta_azure_tenant_id: 'tenant-1',
      __meta_azure_machine_id: `${SUB}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/web-1`,
      __meta_azure_machine_name: 'web-1',
      __meta_azure_machine_computer_name: 'web-1-host',
      __meta_azure_machine_os_type: 'Linux',
      __meta_azure_machine_location: 'westeurope',
      __meta_azure_machine_resource_group: 'rg1',
      __meta_azure_machine_size: 'Standard_B1s',
      __meta_azure_machine_private_ip: '10.0.0.4',
      __meta_azure_machine_public_ip: '52.1.2.3',
      __meta_azure_machine_tag_env: 'prod',
      __meta_azure_machine_tag_team_name: 'pay',
    });
    expect(byName['ss1_0'].__meta_azure_machine_scale_set).toBe('ss1');
    expect(byName['ss1_0'].__address__).toBe('10.0.2.6:9100');
    expect(byName['db-1'].__meta_azure_machine_public_ip).toBeUndefined();
    // The deallocated VM (no primary flag) and the one whose interface is gone are left out.
    expect(addresses([group])).toEqual(['10.0.0.4:9100', '10.0.1.5:9100', '10.0.2.6:9100']);
    expect(r.errors.map((e) => e.message)).toEqual([`network interface ${nicId('rg1', 'nic-gone')} does not exist; skipping VM gone-1`]);
    // Page two was fetched through nextLink, and every Resource Manager call carried the token.
    expect(fake.requests.some((q) => q.query.get('$skiptoken') === '2')).toBe(true);
    const armCalls = fake.requests.filter((q) => q.path.startsWith('/subscriptions/'));
    expect(armCalls.every((q) => q.headers.authorization === 'Bearer oauth-token')).toBe(true);
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.tokenRequests()[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('limits discovery to resource_group', async () => {
    const r = await run({ ...oauth, resource_group: 'rg2' });
    expect(addresses(r.latest())).toEqual(['10.0.1.5:80', '10.0.2.6:80']);
    expect(fake.requests.some((q) => q.path === `${SUB}/resourceGroups/rg2/providers/Microsoft.Compute/virtualMachines`)).toBe(true);
    expect(fake.requests.some((q) => q.path === `${SUB}/providers/Microsoft.Compute/virtualMachines`)).toBe(false);
  });

  it('relabels on the azure meta labels', async () => {
    const r = await run(oauth);
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_azure_machine_tag_env'], regex: 'prod', action: 'keep' },
      { source_labels: ['__meta_azure_machine_public_ip'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_azure_machine_name'], target_label: 'vm' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([['http://52.1.2.3:7777/errors', { vm: 'web-1', instance: '52.1.2.3:7777' }]]);
  });

  it('keeps the last targets while Resource Manager fails, then refreshes; the token is reused', async () => {
    const r = await run({ ...oauth, refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (fake.vms = fake.vms.slice(1, 2)), ['10.0.1.5:80', '10.0.2.6:80']);
    expect(fake.tokenRequests()).toHaveLength(1);
  });

  it('a refused client secret fails the refresh without the secret in the error', async () => {
    const r = await run({ ...oauth, client_secret: 'wrong-secret-value' });
    expect(r.history).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toContain('HTTP 401');
    expect(r.errors[0].message).toContain('AADSTS7000215');
    expect(r.errors[0].message).not.toContain('wrong-secret-value');
  });

  it('ManagedIdentity takes its token from the instance metadata service', async () => {
    const r = await run({ subscription_id: 'sub-1', authentication_method: 'ManagedIdentity', client_id: 'user-assigned-1' });
    expect(addresses(r.latest())).toHaveLength(3);
    const [imds] = fake.tokenRequests();
    expect(imds.headers.metadata).toBe('true');
    expect(imds.query.get('client_id')).toBe('user-assigned-1');
    expect(fake.requests.filter((q) => q.path.startsWith('/subscriptions/')).every((q) => q.headers.authorization === 'Bearer mi-token-user-assigned-1')).toBe(true);
    // Without tenant_id the tenant label is empty, hence absent after relabeling.
    expect(r.latest()[0].targets[0].__meta_azure_tenant_id).toBe('');
  });

  describe('with Azure SDK environment variables', () => {
    const env = envSnapshot(['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_FEDERATED_TOKEN_FILE']);
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'azure-wi-'));
    });
    afterEach(() => {
      env.restore();
      rmSync(dir, { recursive: true, force: true });
    });

    it('WorkloadIdentity sends the federated token file as client assertion', async () => {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'federated-jwt\n');
      process.env.AZURE_FEDERATED_TOKEN_FILE = tokenFile;
      process.env.AZURE_TENANT_ID = 'tenant-1';
      const r = await run({ subscription_id: 'sub-1', authentication_method: 'WorkloadIdentity', client_id: 'client-1' });
      expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('nic-gone') })]);
      expect(addresses(r.latest())).toHaveLength(3);
      expect(fake.requests.filter((q) => q.path.startsWith('/subscriptions/')).every((q) => q.headers.authorization === 'Bearer workload-token')).toBe(true);
    });

    it('SDK uses the client secret from AZURE_CLIENT_SECRET, else managed identity', async () => {
      process.env.AZURE_TENANT_ID = 'tenant-1';
      process.env.AZURE_CLIENT_ID = 'client-1';
      process.env.AZURE_CLIENT_SECRET = 's3cret-value';
      const r = await run({ subscription_id: 'sub-1', authentication_method: 'SDK' });
      expect(addresses(r.latest())).toHaveLength(3);
      expect(fake.tokenRequests()[0].path).toBe('/tenant-1/oauth2/v2.0/token');
      delete process.env.AZURE_CLIENT_SECRET;
      delete process.env.AZURE_CLIENT_ID;
      fake.requests.length = 0;
      const mi = await run({ subscription_id: 'sub-1', authentication_method: 'SDK' });
      expect(addresses(mi.latest())).toHaveLength(3);
      expect(fake.tokenRequests()[0].path).toBe('/metadata/identity/oauth2/token');
    });
  });

  it('never sends the token to a nextLink on another host', async () => {
    const other = await new FakeApi(() => ({ body: { value: [] } })).start({ host: '127.0.0.2' });
    try {
      fake.foreignNextLink = `${other.url}/steal`;
      const r = await run(oauth);
      expect(r.history).toEqual([]);
      expect(r.errors[0].message).toBe(`nextLink ${other.url} is not on ${fake.url}`);
      expect(other.requests).toEqual([]);
    } finally {
      fake.foreignNextLink = null;
      await other.close();
    }
  });

  it('validates the entry as Prometheus does', () => {
    const parse = (raw: unknown) => () => azureMechanism.parse(raw, { baseDir: '/' });
    expect(parse({ tenant_id: 't' })).toThrow('subscription_id: azure SD configuration requires a subscription_id');
    expect(parse({ subscription_id: 's', tenant_id: 't', client_id: 'c' })).toThrow('azure SD configuration requires a client_secret');
    expect(parse({ subscription_id: 's', authentication_method: 'Password' })).toThrow(
      'unknown authentication_type "Password". Supported types are "OAuth", "ManagedIdentity", "WorkloadIdentity" or "SDK"',
    );
    expect(parse({ subscription_id: 's', authentication_method: 'ManagedIdentity', environment: 'Mars' })).toThrow('there is no cloud configuration matching the name "MARS"');
    expect(parse({ subscription_id: 's', authentication_method: 'ManagedIdentity', authorization: { credentials: 'x' } })).toThrow('field authorization not found in type azure.SDConfig');
    const parsed = azureMechanism.parse({ subscription_id: 's', authentication_method: 'ManagedIdentity', environment: 'AzureChinaCloud' }, { baseDir: '/' }) as {
      refreshIntervalMs: number;
      port: number;
      cloud: { managementHost: string };
    };
    expect([parsed.refreshIntervalMs, parsed.port, parsed.cloud.managementHost]).toEqual([300_000, 80, 'https://management.chinacloudapi.cn']);
  });

  it('refreshes on its own refresh_interval', async () => {
    const r = await run({ ...oauth, refresh_interval: '50ms' });
    fake.vms = [...fake.vms, vm('web-2', 'rg1', 'nic-web-2')];
    fake.nics[nicId('rg1', 'nic-web-2')] = nic('10.0.0.7');
    await waitFor(() => addresses(r.latest()).includes('10.0.0.7:80'));
  });
});
