import { FakeKubeApi } from '../../test/fake-kube-api';
import { waitFor } from '../../test/wait-for';
import type { TargetGroup } from '../target-group';
import { KubernetesDiscoverer } from './kubernetes-discoverer';
import { parseKubernetesSdConfig } from './kubernetes-sd-config';

const node = (name: string, zone: string) => ({
  metadata: { name, labels: { 'topology.kubernetes.io/zone': zone }, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
  status: { addresses: [{ type: 'InternalIP', address: '192.168.0.9' }] },
});
const pod = (name: string, ns: string, nodeName: string, ip: string) => ({
  metadata: { name, namespace: ns },
  spec: { nodeName, containers: [{ name: 'app', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
  status: { phase: 'Running', podIP: ip },
});

describe('kubernetes_sd_configs attach_metadata (node, namespace) against a fake API server', () => {
  const api = new FakeKubeApi();
  const running: KubernetesDiscoverer[] = [];
  beforeAll(() => api.start());
  afterAll(async () => {
    for (const d of running) await d.stop();
    await api.close();
  });

  async function discover(raw: Record<string, unknown>) {
    const groups = new Map<string, TargetGroup>();
    const errors: Error[] = [];
    const d = new KubernetesDiscoverer(parseKubernetesSdConfig({ api_server: api.url, ...raw }, '/'), { onError: (_m, e) => errors.push(e) });
    running.push(d);
    await d.start((update) => {
      for (const g of update) groups.set(g.source, g);
    });
    return { groups, errors };
  }

  it('role pod: the pod group carries its node labels, and a node change resends its pods', async () => {
    api.apply('nodes', node('node-1', 'eu-1a'));
    api.apply('nodes', node('node-2', 'eu-1b'));
    api.apply('pods', pod('web-1', 'nm', 'node-1', '10.3.0.1'));
    api.apply('pods', pod('web-2', 'nm', 'node-2', '10.3.0.2'));
    const { groups, errors } = await discover({ role: 'pod', namespaces: { names: ['nm'] }, attach_metadata: { node: true } });
    expect(errors).toEqual([]);
    expect(groups.get('pod/nm/web-1')!.labels).toMatchObject({
      __meta_kubernetes_node_name: 'node-1',
      __meta_kubernetes_node_label_topology_kubernetes_io_zone: 'eu-1a',
      __meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone: 'true',
      __meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl: '0',
      __meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl: 'true',
    });
    expect(groups.get('pod/nm/web-2')!.labels.__meta_kubernetes_node_label_topology_kubernetes_io_zone).toBe('eu-1b');
    await waitFor(() => api.requests.some((r) => r.startsWith('/api/v1/nodes?watch=1')));
    api.apply('nodes', node('node-1', 'eu-1c'), 'MODIFIED');
    await waitFor(() => groups.get('pod/nm/web-1')!.labels.__meta_kubernetes_node_label_topology_kubernetes_io_zone === 'eu-1c');
    expect(groups.get('pod/nm/web-2')!.labels.__meta_kubernetes_node_label_topology_kubernetes_io_zone).toBe('eu-1b');
  });

  it('without attach_metadata the pod role reads no nodes', async () => {
    api.requests.length = 0;
    const { groups } = await discover({ role: 'pod', namespaces: { names: ['nm'] } });
    expect(groups.get('pod/nm/web-2')!.labels.__meta_kubernetes_node_name).toBeUndefined();
    expect(api.requests.some((r) => r.startsWith('/api/v1/nodes'))).toBe(false);
  });

  it('role endpoints: each target carries the node its address names', async () => {
    api.apply('nodes', node('node-3', 'eu-1a'));
    api.apply('endpoints', {
      metadata: { name: 'kubelet', namespace: 'nm' },
      subsets: [
        {
          addresses: [{ ip: '192.168.0.3', nodeName: 'node-3' }, { ip: '192.168.0.4', targetRef: { kind: 'Node', name: 'node-2' } }, { ip: '192.168.0.5' }],
          ports: [{ name: 'https', port: 10250, protocol: 'TCP' }],
        },
      ],
    });
    const { groups } = await discover({ role: 'endpoints', namespaces: { names: ['nm'] }, attach_metadata: { node: true } });
    const targets = groups.get('endpoints/nm/kubelet')!.targets;
    expect(targets.map((t) => [t.__address__, t.__meta_kubernetes_node_name, t.__meta_kubernetes_node_label_topology_kubernetes_io_zone])).toEqual([
      ['192.168.0.3:10250', 'node-3', 'eu-1a'],
      ['192.168.0.4:10250', 'node-2', 'eu-1b'],
      ['192.168.0.5:10250', undefined, undefined],
    ]);
  });

  it('role endpointslice: each target carries its endpoint node', async () => {
    api.apply('endpointslices', {
      metadata: { name: 'kubelet-abc', namespace: 'nm', labels: { 'kubernetes.io/service-name': 'kubelet' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.0.3'], nodeName: 'node-3', conditions: { ready: true } }],
      ports: [{ name: 'https', port: 10250, protocol: 'TCP' }],
    });
    const { groups } = await discover({ role: 'endpointslice', namespaces: { names: ['nm'] }, attach_metadata: { node: true } });
    expect(groups.get('endpointslice/nm/kubelet-abc')!.targets[0]).toMatchObject({ __meta_kubernetes_node_name: 'node-3', __meta_kubernetes_node_label_topology_kubernetes_io_zone: 'eu-1a' });
  });

  it('attach_metadata.namespace: groups carry their namespace labels, and a namespace change resends them', async () => {
    const namespace = { metadata: { name: 'nm', labels: { team: 'payments' }, annotations: { 'owner.example.com/contact': 'ops' } } };
    api.apply('namespaces', namespace);
    api.apply('services', { metadata: { name: 'web', namespace: 'nm' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } });
    const { groups, errors } = await discover({ role: 'service', namespaces: { names: ['nm'] }, attach_metadata: { namespace: true } });
    expect(errors).toEqual([]);
    expect(groups.get('svc/nm/web')!.labels).toMatchObject({
      __meta_kubernetes_namespace: 'nm',
      __meta_kubernetes_namespace_label_team: 'payments',
      __meta_kubernetes_namespace_labelpresent_team: 'true',
      __meta_kubernetes_namespace_annotation_owner_example_com_contact: 'ops',
      __meta_kubernetes_namespace_annotationpresent_owner_example_com_contact: 'true',
    });
    await waitFor(() => api.requests.some((r) => r.startsWith('/api/v1/namespaces?watch=1')));
    api.apply('namespaces', { metadata: { name: 'nm', labels: { team: 'search' } } }, 'MODIFIED');
    await waitFor(() => groups.get('svc/nm/web')!.labels.__meta_kubernetes_namespace_label_team === 'search');
  });

  it('the other attach_metadata keys are still refused', () => {
    expect(() => parseKubernetesSdConfig({ role: 'pod', api_server: 'http://x', attach_metadata: { node: true, deployment: true } }, '/')).toThrow(
      'attach_metadata.deployment: attach_metadata.deployment is not supported',
    );
  });
});
