import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FakeKubeApi } from '../../test/fake-kube-api';
import type { TargetGroup } from '../target-group';
import { KubernetesDiscoverer } from './kubernetes-discoverer';
import { parseKubernetesSdConfig } from './kubernetes-sd-config';

const node = (name: string, ip: string) => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  status: { addresses: [{ type: 'InternalIP', address: ip }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
});

/** A kubeconfig in kubectl's layout, with a second context that must not be used. */
function kubeconfig(server: string, user: Record<string, unknown>, cluster: Record<string, unknown>): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'periskop@fake',
    contexts: [
      { name: 'other', context: { cluster: 'other', user: 'other' } },
      { name: 'periskop@fake', context: { cluster: 'fake', user: 'periskop', namespace: 'ignored' } },
    ],
    clusters: [
      { name: 'other', cluster: { server: 'https://127.0.0.1:1' } },
      { name: 'fake', cluster: { server, ...cluster } },
    ],
    users: [
      { name: 'other', user: { token: 'wrong-token' } },
      { name: 'periskop', user },
    ],
  };
}

describe('kubernetes_sd_configs with kubeconfig_file against a fake API server over TLS', () => {
  const api = new FakeKubeApi();
  const running: KubernetesDiscoverer[] = [];
  let dir: string;

  beforeAll(async () => {
    await api.start({ tls: true });
    api.apply('nodes', node('node-a', '10.2.0.1'));
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
  });
  afterAll(async () => {
    for (const d of running) await d.stop();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function discover(config: unknown, raw: Record<string, unknown> = {}) {
    writeFileSync(join(dir, 'config'), stringify(config));
    const groups: TargetGroup[] = [];
    const errors: Error[] = [];
    // The kubeconfig path is relative to the configuration file's directory.
    const d = new KubernetesDiscoverer(parseKubernetesSdConfig({ role: 'node', kubeconfig_file: 'config', ...raw }, dir), { onError: (_m, e) => errors.push(e) });
    running.push(d);
    await d.start((update) => groups.push(...update));
    await d.stop();
    return { groups, errors };
  }

  it('uses the current context: its server, its CA (inline data) and its token', async () => {
    const ca = readFileSync(api.caFile).toString('base64');
    const before = api.authorizations.length;
    const { groups, errors } = await discover(kubeconfig(api.url, { token: 'kube-token' }, { 'certificate-authority-data': ca }));
    expect(errors).toEqual([]);
    expect(groups.map((g) => g.targets[0].__address__)).toEqual(['10.2.0.1:10250']);
    expect(api.authorizations.slice(before)[0]).toBe('Bearer kube-token');
  });

  it('reads certificate-authority and tokenFile relative to the kubeconfig', async () => {
    writeFileSync(join(dir, 'ca.pem'), readFileSync(api.caFile));
    writeFileSync(join(dir, 'token'), 'file-token\n');
    const before = api.authorizations.length;
    const { groups, errors } = await discover(kubeconfig(api.url, { tokenFile: 'token' }, { 'certificate-authority': 'ca.pem' }));
    expect(errors).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(api.authorizations.slice(before)[0]).toBe('Bearer file-token');
  });

  it('refuses a server certificate the kubeconfig does not trust, and credential plugins', async () => {
    const untrusted = await discover(kubeconfig(api.url, { token: 't' }, {}));
    expect(untrusted.groups).toEqual([]);
    expect(untrusted.errors[0].message).toMatch(/certificate/i);
    const plugin = await discover(kubeconfig(api.url, { exec: { command: 'aws', args: ['eks', 'get-token'] } }, {}));
    expect(plugin.errors[0].message).toContain('needs a credential plugin (exec or auth-provider), which is not supported');
    const missing = await discover({ ...(kubeconfig(api.url, {}, {}) as object), 'current-context': 'nope' });
    expect(missing.errors[0].message).toContain('context "nope" not found');
  });
});

describe('kubernetes_sd_configs kubeconfig_file parsing', () => {
  it.each([
    [{ role: 'pod', kubeconfig_file: 'k', api_server: 'http://x' }, "kubeconfig_file: cannot use 'kubeconfig_file' and 'api_server' simultaneously"],
    [{ role: 'pod', kubeconfig_file: 'k', authorization: { credentials: 't' } }, "kubeconfig_file: cannot use a custom HTTP client configuration together with 'kubeconfig_file'"],
    [{ role: 'pod', kubeconfig_file: 'k', namespaces: { own_namespace: true } }, "namespaces.own_namespace: cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously"],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseKubernetesSdConfig(raw, '/')).toThrow(message);
  });

  it('resolves kubeconfig_file against the configuration directory', () => {
    expect(parseKubernetesSdConfig({ role: 'pod', kubeconfig_file: 'kube/config' }, '/etc/periskop').kubeconfigFile).toBe('/etc/periskop/kube/config');
  });
});
