import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import type { CachedToken } from '../internal/cached-token';
import { mapLimit, PROVIDER_CONCURRENCY } from '../internal/map-limit';
import { joinHostPort, providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import { azureCredential } from './azure-credential';
import type { AzureSdConfig } from './azure-sd-config';

const P = '__meta_azure_';
export const AZURE_LABELS = {
  subscriptionId: `${P}subscription_id`,
  tenantId: `${P}tenant_id`,
  machineId: `${P}machine_id`,
  machineResourceGroup: `${P}machine_resource_group`,
  machineName: `${P}machine_name`,
  machineComputerName: `${P}machine_computer_name`,
  machineOsType: `${P}machine_os_type`,
  machineLocation: `${P}machine_location`,
  machinePrivateIp: `${P}machine_private_ip`,
  machinePublicIp: `${P}machine_public_ip`,
  machineTag: `${P}machine_tag_`,
  machineScaleSet: `${P}machine_scale_set`,
  machineSize: `${P}machine_size`,
} as const;

/** Resource Manager API versions: those of the SDK modules Prometheus builds with (armcompute v5, armnetwork v4). */
const COMPUTE_API = '2023-03-01';
const NETWORK_API = '2022-09-01';
/** Scale-set VM interfaces are served by the older Microsoft.Compute-scoped network API only. */
const VMSS_NETWORK_API = '2018-10-01';
const EXPAND_PUBLIC_IP = 'IPConfigurations/PublicIPAddress';

/** The parts of ARM's VirtualMachine / VirtualMachineScaleSetVM this mechanism reads. */
export interface ArmVirtualMachine {
  id: string;
  name: string;
  type?: string;
  location: string;
  instanceId?: string;
  tags?: Record<string, string> | null;
  properties?: {
    hardwareProfile?: { vmSize?: string };
    osProfile?: { computerName?: string };
    storageProfile?: { osDisk?: { osType?: string } };
    networkProfile?: { networkInterfaces?: Array<{ id: string }> };
  };
}

export interface ArmNetworkInterface {
  id?: string;
  properties?: {
    primary?: boolean | null;
    ipConfigurations?: Array<{ properties?: { privateIPAddress?: string; publicIPAddress?: { properties?: { ipAddress?: string } } } }>;
  };
}

interface Machine {
  vm: ArmVirtualMachine;
  /** Set for scale-set VMs: their interfaces are read through the scale set. */
  scaleSet: string;
}

/** ARM's error for a missing resource; such an interface means the VM is skipped, not a failed refresh. */
class NotFound extends Error {}

/** `azure_sd_configs`: every VM and scale-set VM of the subscription (or resource group), on its primary private IP. */
export function createAzureDiscoverer(config: AzureSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const base = vendorEndpoint(options, 'azure_management', config.cloud.managementHost);
  const request = (signal: AbortSignal): ProviderRequest => ({ client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes });
  const token = azureCredential(config, options, request);
  const arm = new ArmClient(base, token, request);
  const report = (err: Error) => options.onError?.('azure_sd_configs', err);
  return new RefreshDiscoverer({
    mechanism: 'azure_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const sub = `/subscriptions/${encodeURIComponent(config.subscriptionId)}`;
      const scope = config.resourceGroup ? `${sub}/resourceGroups/${encodeURIComponent(config.resourceGroup)}` : sub;
      const vms = await arm.list<ArmVirtualMachine>(`${scope}/providers/Microsoft.Compute/virtualMachines?api-version=${COMPUTE_API}`, signal, 'could not list virtual machines');
      const machines: Machine[] = vms.map((vm) => ({ vm, scaleSet: '' }));
      const scaleSets = await arm.list<{ id: string; name: string }>(
        `${scope}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=${COMPUTE_API}`,
        signal,
        'could not list virtual machine scale sets',
      );
      for (const ss of scaleSets) {
        const group = resourceGroupOf(ss.id);
        const path = `${sub}/resourceGroups/${encodeURIComponent(group)}/providers/Microsoft.Compute/virtualMachineScaleSets/${encodeURIComponent(ss.name)}/virtualMachines?api-version=${COMPUTE_API}`;
        const members = await arm.list<ArmVirtualMachine>(path, signal, 'could not list virtual machine scale set vms');
        machines.push(...members.map((vm) => ({ vm, scaleSet: ss.name })));
      }
      // Interface lookups are one request per VM; they run side by side as in Prometheus, a few at a time.
      const targets = await mapLimit(machines, PROVIDER_CONCURRENCY, (m) => machineTarget(m, config, arm, signal, report));
      return [{ source: 'azure', targets: targets.filter((t): t is Labels => t !== null), labels: {} }];
    },
  });
}

async function machineTarget(m: Machine, config: AzureSdConfig, arm: ArmClient, signal: AbortSignal, report: (err: Error) => void): Promise<Labels | null> {
  const L = AZURE_LABELS;
  const { vm } = m;
  const labels: Labels = {
    [L.subscriptionId]: config.subscriptionId,
    [L.tenantId]: config.tenantId,
    [L.machineId]: vm.id,
    [L.machineName]: vm.name,
    [L.machineComputerName]: vm.properties?.osProfile?.computerName ?? '',
    [L.machineOsType]: vm.properties?.storageProfile?.osDisk?.osType ?? '',
    [L.machineLocation]: vm.location,
    [L.machineResourceGroup]: resourceGroupOf(vm.id),
    [L.machineSize]: vm.properties?.hardwareProfile?.vmSize ?? '',
  };
  if (m.scaleSet) labels[L.machineScaleSet] = m.scaleSet;
  for (const [key, value] of Object.entries(vm.tags ?? {})) labels[L.machineTag + sanitizeLabelName(key)] = value ?? '';

  for (const { id: nicId } of vm.properties?.networkProfile?.networkInterfaces ?? []) {
    let nic: ArmNetworkInterface;
    try {
      nic = m.scaleSet
        ? await arm.get(scaleSetInterfacePath(nicId, m.scaleSet, vm.instanceId ?? ''), signal)
        : await arm.get(`${nicId}?api-version=${NETWORK_API}&$expand=${EXPAND_PUBLIC_IP}`, signal);
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      // A VM whose interface is gone (being deleted) has no address to scrape.
      report(new Error(`network interface ${nicId} does not exist; skipping VM ${vm.name}`));
      return null;
    }
    if (!nic.properties) continue;
    // Deallocated VMs come back with no `primary` flag; Prometheus uses that to skip them.
    if (nic.properties.primary === undefined || nic.properties.primary === null) return null;
    if (!nic.properties.primary) continue;
    for (const ip of nic.properties.ipConfigurations ?? []) {
      const publicIp = ip.properties?.publicIPAddress?.properties?.ipAddress;
      if (publicIp) labels[L.machinePublicIp] = publicIp;
      const privateIp = ip.properties?.privateIPAddress;
      if (privateIp) {
        labels[L.machinePrivateIp] = privateIp;
        labels.__address__ = joinHostPort(privateIp, config.port);
        return labels;
      }
      // All or nothing, as in Prometheus: a primary interface without a private IP fails the refresh.
      throw new Error(`unable to find a private IP for VM ${vm.name}`);
    }
  }
  return null;
}

function scaleSetInterfacePath(nicId: string, scaleSet: string, instanceId: string): string {
  const parts = nicId.split('/');
  const sub = parts[2];
  const name = parts[parts.length - 1];
  return `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(resourceGroupOf(nicId))}/providers/Microsoft.Compute/virtualMachineScaleSets/${encodeURIComponent(scaleSet)}/virtualMachines/${encodeURIComponent(instanceId)}/networkInterfaces/${name}?api-version=${VMSS_NETWORK_API}&$expand=${EXPAND_PUBLIC_IP}`;
}

/** The resource group named in an ARM resource ID (`/subscriptions/…/resourceGroups/<rg>/…`). */
export function resourceGroupOf(id: string): string {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  if (i < 0 || !parts[i + 1]) throw new Error(`invalid ID '${id}': no resource group`);
  return parts[i + 1];
}

/** Resource Manager over plain HTTPS with the Entra ID bearer token; lists follow `nextLink`. */
class ArmClient {
  constructor(
    private readonly base: string,
    private readonly token: CachedToken,
    private readonly request: (signal: AbortSignal) => ProviderRequest,
  ) {}

  async get<T>(path: string, signal: AbortSignal, what = 'Azure Resource Manager request failed'): Promise<T> {
    return this.fetch<T>(`${this.base}${path}`, signal, what);
  }

  async list<T>(path: string, signal: AbortSignal, what: string): Promise<T[]> {
    const out: T[] = [];
    let url: string | undefined = `${this.base}${path}`;
    while (url) {
      const page: { value?: T[]; nextLink?: string } = await this.fetch(url, signal, what);
      out.push(...(page.value ?? []));
      url = page.nextLink ? this.sameOrigin(page.nextLink) : undefined;
    }
    return out;
  }

  /** The bearer token goes only to the Resource Manager host: a nextLink elsewhere is refused. */
  private sameOrigin(link: string): string {
    if (new URL(link).origin !== new URL(this.base).origin) throw new Error(`nextLink ${new URL(link).origin} is not on ${new URL(this.base).origin}`);
    return link;
  }

  private async fetch<T>(url: string, signal: AbortSignal, what: string): Promise<T> {
    const headers = { Authorization: `Bearer ${await this.token.get(signal)}` };
    try {
      return (await providerJson<T>(url, { ...this.request(signal), headers }, what)).json;
    } catch (err) {
      const message = (err as Error).message;
      if (/answered HTTP 404\b/.test(message)) throw new NotFound(message);
      // An expired or revoked token: fetch a fresh one at the next refresh.
      if (/answered HTTP 401\b/.test(message)) this.token.clear();
      throw err;
    }
  }
}
