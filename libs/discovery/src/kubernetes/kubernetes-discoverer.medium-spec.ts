import { FakeKubeApi } from '../../test/fake-kube-api';
import { waitFor } from '../../test/wait-for';
import type { TargetGroup } from '../target-group';
import { KubernetesDiscoverer } from './kubernetes-discoverer';
import { parseKubernetesSdConfig } from './kubernetes-sd-config';

const pod = (name: string, ns: string, ip: string | undefined, extra: Record<string, unknown> = {}) => ({
  metadata: {
    name,
    namespace: ns,
    uid: `uid-${name}`,
    labels: { 'app.kubernetes.io/name': 'web' },
    annotations: { 'prometheus.io/scrape': 'true' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'web-rs', controller: true }],
  },
  spec: {
    nodeName: 'node-1',
    containers: [
      {
        name: 'app',
        image: 'web:1',
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { name: 'admin', containerPort: 9090, protocol: 'TCP' },
        ],
      },
      { name: 'sidecar', image: 'proxy:2' },
    ],
    initContainers: [{ name: 'init', image: 'busybox' }],
  },
  status: {
    phase: 'Running',
    podIP: ip,
    hostIP: '192.168.0.1',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'app', containerID: 'containerd://abc' }],
  },
  ...extra,
});

describe('kubernetes_sd_configs against a fake API server (list + watch)', () => {
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
      for (const g of update) {
        if (g.targets.length === 0) groups.delete(g.source);
        else groups.set(g.source, g);
      }
    });
    return { groups, errors };
  }

  it('role pod: targets per container port, bare IP for portless containers, and pod meta labels', async () => {
    api.apply('pods', pod('web-1', 'shop', '10.1.0.5'));
    api.apply('pods', pod('pending', 'shop', undefined));
    const { groups } = await discover({ role: 'pod', namespaces: { names: ['shop'] } });
    expect([...groups.keys()]).toEqual(['pod/shop/web-1']);
    const g = groups.get('pod/shop/web-1')!;
    expect(g.targets.map((t) => [t.__address__, t.__meta_kubernetes_pod_container_name, t.__meta_kubernetes_pod_container_init])).toEqual([
      ['10.1.0.5:8080', 'app', 'false'],
      ['10.1.0.5:9090', 'app', 'false'],
      ['10.1.0.5', 'sidecar', 'false'],
      ['10.1.0.5', 'init', 'true'],
    ]);
    expect(g.targets[0]).toMatchObject({
      __meta_kubernetes_pod_container_port_name: 'http',
      __meta_kubernetes_pod_container_port_number: '8080',
      __meta_kubernetes_pod_container_port_protocol: 'TCP',
      __meta_kubernetes_pod_container_id: 'containerd://abc',
      __meta_kubernetes_pod_container_image: 'web:1',
    });
    expect(g.labels).toMatchObject({
      __meta_kubernetes_namespace: 'shop',
      __meta_kubernetes_pod_name: 'web-1',
      __meta_kubernetes_pod_ip: '10.1.0.5',
      __meta_kubernetes_pod_ready: 'true',
      __meta_kubernetes_pod_phase: 'Running',
      __meta_kubernetes_pod_node_name: 'node-1',
      __meta_kubernetes_pod_host_ip: '192.168.0.1',
      __meta_kubernetes_pod_uid: 'uid-web-1',
      __meta_kubernetes_pod_controller_kind: 'ReplicaSet',
      __meta_kubernetes_pod_controller_name: 'web-rs',
      __meta_kubernetes_pod_label_app_kubernetes_io_name: 'web',
      __meta_kubernetes_pod_labelpresent_app_kubernetes_io_name: 'true',
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape: 'true',
    });
    await waitFor(() => api.requests.some((r) => r.startsWith('/api/v1/namespaces/shop/pods?watch=1&resourceVersion=')));
  });

  it('follows watch events: ADDED, MODIFIED (IP assigned), DELETED', async () => {
    const { groups } = await discover({ role: 'pod', namespaces: { names: ['live'] } });
    await waitFor(() => api.watchCount('pods') >= 2);
    api.apply('pods', pod('a', 'live', '10.2.0.1'));
    await waitFor(() => groups.get('pod/live/a')?.targets[0].__address__ === '10.2.0.1:8080');
    api.apply('pods', pod('b', 'live', undefined));
    api.apply('pods', pod('b', 'live', '10.2.0.2'), 'MODIFIED');
    await waitFor(() => groups.has('pod/live/b'));
    api.apply('pods', pod('a', 'live', '10.2.0.1'), 'DELETED');
    await waitFor(() => !groups.has('pod/live/a'));
    expect([...groups.keys()]).toEqual(['pod/live/b']);
  });

  it('resumes a dropped watch from its resourceVersion and re-lists after 410 Gone', async () => {
    const { groups } = await discover({ role: 'pod', namespaces: { names: ['resume'] } });
    await waitFor(() => api.requests.some((r) => r.startsWith('/api/v1/namespaces/resume/pods?watch=1')));
    api.dropWatches();
    api.apply('pods', pod('r1', 'resume', '10.3.0.1'));
    await waitFor(() => groups.has('pod/resume/r1'));
    api.expireWatches();
    api.apply('pods', pod('r1', 'resume', '10.3.0.1'), 'DELETED');
    api.apply('pods', pod('r2', 'resume', '10.3.0.2'));
    await waitFor(() => groups.has('pod/resume/r2') && !groups.has('pod/resume/r1'), 8000);
  });

  it('role service: one target per port with the cluster DNS name', async () => {
    api.apply('services', {
      metadata: { name: 'api', namespace: 'svc-ns', labels: { tier: 'be' } },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { ip: '1.2.3.5' }] } },
    });
    api.apply('services', { metadata: { name: 'ext', namespace: 'svc-ns' }, spec: { type: 'ExternalName', externalName: 'db.example.com', ports: [{ port: 5432 }] } });
    const { groups } = await discover({ role: 'service', namespaces: { names: ['svc-ns'] } });
    expect(groups.get('svc/svc-ns/api')).toEqual({
      source: 'svc/svc-ns/api',
      targets: [
        {
          __address__: 'api.svc-ns.svc:80',
          __meta_kubernetes_service_port_name: 'http',
          __meta_kubernetes_service_port_number: '80',
          __meta_kubernetes_service_port_protocol: 'TCP',
          __meta_kubernetes_service_type: 'LoadBalancer',
          __meta_kubernetes_service_cluster_ip: '10.96.0.10',
          __meta_kubernetes_service_loadbalancer_ip: '1.2.3.4,1.2.3.5',
        },
      ],
      labels: {
        __meta_kubernetes_namespace: 'svc-ns',
        __meta_kubernetes_service_name: 'api',
        __meta_kubernetes_service_label_tier: 'be',
        __meta_kubernetes_service_labelpresent_tier: 'true',
      },
    });
    expect(groups.get('svc/svc-ns/ext')!.targets[0]).toMatchObject({ __meta_kubernetes_service_external_name: 'db.example.com' });
    expect(groups.get('svc/svc-ns/ext')!.targets[0]).not.toHaveProperty('__meta_kubernetes_service_cluster_ip');
  });

  it('role endpoints: ready then not-ready addresses, pod and service enrichment, uncovered container ports', async () => {
    api.apply('pods', pod('ep-pod', 'eps', '10.4.0.1'));
    api.apply('services', { metadata: { name: 'web', namespace: 'eps', labels: { team: 'x' } }, spec: { ports: [{ port: 8080 }] } });
    api.apply('endpoints', {
      metadata: { name: 'web', namespace: 'eps' },
      subsets: [
        {
          addresses: [{ ip: '10.4.0.1', nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'ep-pod', namespace: 'eps' } }],
          notReadyAddresses: [{ ip: '10.4.0.9', hostname: 'h9' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    const { groups } = await discover({ role: 'endpoints', namespaces: { names: ['eps'] } });
    const g = groups.get('endpoints/eps/web')!;
    expect(g.labels).toMatchObject({ __meta_kubernetes_endpoints_name: 'web', __meta_kubernetes_service_name: 'web', __meta_kubernetes_service_label_team: 'x' });
    expect(g.targets.map((t) => [t.__address__, t.__meta_kubernetes_endpoint_ready, t.__meta_kubernetes_pod_container_name])).toEqual([
      ['10.4.0.1:8080', 'true', 'app'],
      ['10.4.0.9:8080', 'false', undefined],
      ['10.4.0.1:9090', undefined, 'app'], // container port no endpoint covered
    ]);
    expect(g.targets[0]).toMatchObject({
      __meta_kubernetes_endpoint_port_name: 'http',
      __meta_kubernetes_endpoint_address_target_kind: 'Pod',
      __meta_kubernetes_endpoint_address_target_name: 'ep-pod',
      __meta_kubernetes_endpoint_node_name: 'node-1',
      __meta_kubernetes_pod_name: 'ep-pod',
      __meta_kubernetes_pod_container_port_number: '8080',
    });
    expect(g.targets[1].__meta_kubernetes_endpoint_hostname).toBe('h9');

    // A service change re-labels the endpoints' targets.
    api.apply('services', { metadata: { name: 'web', namespace: 'eps', labels: { team: 'y' } }, spec: { ports: [{ port: 8080 }] } }, 'MODIFIED');
    await waitFor(() => groups.get('endpoints/eps/web')!.labels.__meta_kubernetes_service_label_team === 'y');
  });

  it('role endpointslice: conditions, zone, and the service from kubernetes.io/service-name', async () => {
    api.apply('services', { metadata: { name: 'cart', namespace: 'es' }, spec: { ports: [{ port: 80 }] } });
    api.apply('endpointslices', {
      metadata: { name: 'cart-abc', namespace: 'es', labels: { 'kubernetes.io/service-name': 'cart' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.5.0.1'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', zone: 'z1', deprecatedTopology: { 'topology.kubernetes.io/zone': 'z1' } }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http' }],
    });
    const { groups } = await discover({ role: 'endpointslice', namespaces: { names: ['es'] } });
    const g = groups.get('endpointslice/es/cart-abc')!;
    expect(g.labels).toMatchObject({ __meta_kubernetes_endpointslice_name: 'cart-abc', __meta_kubernetes_endpointslice_address_type: 'IPv4', __meta_kubernetes_service_name: 'cart' });
    expect(g.targets).toEqual([
      {
        __address__: '10.5.0.1:80',
        __meta_kubernetes_endpointslice_port: '80',
        __meta_kubernetes_endpointslice_port_name: 'http',
        __meta_kubernetes_endpointslice_port_protocol: 'TCP',
        __meta_kubernetes_endpointslice_port_app_protocol: 'http',
        __meta_kubernetes_endpointslice_endpoint_conditions_ready: 'true',
        __meta_kubernetes_endpointslice_endpoint_conditions_serving: 'true',
        __meta_kubernetes_endpointslice_endpoint_conditions_terminating: 'false',
        __meta_kubernetes_endpointslice_endpoint_node_name: 'n1',
        __meta_kubernetes_endpointslice_endpoint_zone: 'z1',
        __meta_kubernetes_endpointslice_endpoint_topology_topology_kubernetes_io_zone: 'z1',
        __meta_kubernetes_endpointslice_endpoint_topology_present_topology_kubernetes_io_zone: 'true',
      },
    ]);
    expect(api.requests.some((r) => r.startsWith('/apis/discovery.k8s.io/v1/namespaces/es/endpointslices'))).toBe(true);
  });

  it('role node: kubelet address by preference, instance = node name, address labels; label selector passed', async () => {
    api.apply('nodes', {
      metadata: { name: 'node-a', labels: { pool: 'blue' } },
      spec: { providerID: 'aws:///i-1' },
      status: {
        addresses: [
          { type: 'Hostname', address: 'node-a' },
          { type: 'InternalIP', address: '192.168.1.10' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    api.apply('nodes', { metadata: { name: 'node-b', labels: { pool: 'green' } }, status: { addresses: [{ type: 'InternalIP', address: '192.168.1.11' }] } });
    const { groups } = await discover({ role: 'node', selectors: [{ role: 'node', label: 'pool=blue' }] });
    expect([...groups.keys()]).toEqual(['node/node-a']);
    expect(groups.get('node/node-a')).toEqual({
      source: 'node/node-a',
      targets: [{ __address__: '192.168.1.10:10250', instance: 'node-a', __meta_kubernetes_node_address_Hostname: 'node-a', __meta_kubernetes_node_address_InternalIP: '192.168.1.10' }],
      labels: {
        __meta_kubernetes_node_name: 'node-a',
        __meta_kubernetes_node_provider_id: 'aws:///i-1',
        __meta_kubernetes_node_label_pool: 'blue',
        __meta_kubernetes_node_labelpresent_pool: 'true',
        __meta_kubernetes_node_condition_ready: 'true',
      },
    });
    expect(api.requests).toContain('/api/v1/nodes?labelSelector=pool%3Dblue');
  });

  it('role ingress: one target per host and path, https when TLS covers the host', async () => {
    api.apply('ingresses', {
      metadata: { name: 'site', namespace: 'ing' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['*.example.com'] }],
        rules: [{ host: 'www.example.com', http: { paths: [{ path: '/a' }, { path: '' }] } }, { host: 'plain.test' }],
      },
    });
    const { groups } = await discover({ role: 'ingress', namespaces: { names: ['ing'] } });
    const g = groups.get('ingress/ing/site')!;
    expect(g.labels).toMatchObject({ __meta_kubernetes_ingress_name: 'site', __meta_kubernetes_ingress_class_name: 'nginx', __meta_kubernetes_namespace: 'ing' });
    expect(g.targets.map((t) => [t.__address__, t.__meta_kubernetes_ingress_scheme, t.__meta_kubernetes_ingress_path])).toEqual([
      ['www.example.com', 'https', '/a'],
      ['www.example.com', 'https', '/'],
      ['plain.test', 'http', '/'],
    ]);
  });

  it('reports an unreachable API server and still resolves start()', async () => {
    const errors: Error[] = [];
    const d = new KubernetesDiscoverer(parseKubernetesSdConfig({ api_server: 'http://127.0.0.1:1', role: 'pod' }, '/'), { onError: (_m, e) => errors.push(e) });
    running.push(d);
    await d.start(() => {});
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('kubernetes_sd_configs parsing', () => {
  it.each([
    [{ api_server: 'http://x' }, 'role: role missing (one of: pod, service, endpoints, endpointslice, node, ingress)'],
    [{ role: 'deployment', api_server: 'http://x' }, 'role: unknown Kubernetes SD role "deployment"'],
    [{ role: 'pod', api_server: 'http://x', namespaces: { own_namespace: true } }, "namespaces.own_namespace: cannot use 'api_server' and 'namespaces.own_namespace' simultaneously"],
    [{ role: 'pod', authorization: { credentials: 't' } }, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly"],
    [{ role: 'service', api_server: 'http://x', selectors: [{ role: 'pod', label: 'a=b' }] }, 'selectors[0].role: service role supports only service selectors'],
    [{ role: 'endpoints', api_server: 'http://x', selectors: [{ role: 'pod' }, { role: 'pod' }] }, 'selectors[1].role: duplicated selector role: pod'],
    [{ role: 'pod', api_server: 'http://x', namespaces: { names: ['a'], other: 1 } }, 'namespaces.other: field other not found in type kubernetes.NamespaceDiscovery'],
    [{ role: 'pod', api_server: 'http://x', kubeconfig: 'x' }, 'kubeconfig: field kubeconfig not found in type kubernetes.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseKubernetesSdConfig(raw, '/')).toThrow(message);
  });
});
