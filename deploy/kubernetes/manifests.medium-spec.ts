import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_PORTS, parseConfigText } from '@periskop/config';
import { populateTargets } from '@periskop/discovery';

/**
 * Every overlay rendered by the real `kubectl kustomize`, each object validated against the
 * Kubernetes API schemas (the `kubernetes-models` package: the OpenAPI schemas of the API server,
 * compiled; no cluster or network needed), then checked for what Periskop needs of it.
 */
const OVERLAYS = join(__dirname, 'overlays');

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function render(overlay: string): KubeObject[] {
  const text = execFileSync('kubectl', ['kustomize', join(OVERLAYS, overlay)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${overlay}: ${doc.errors.map((e) => e.message).join('\n')}`);
    return doc.toJS() as KubeObject;
  });
}

/** The model class of an object's apiVersion and kind: `apps/v1` → kubernetes-models/apps/v1/<Kind>, `v1` → kubernetes-models/v1/<Kind>. */
function validateAgainstSchema(object: KubeObject): void {
  const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = require(module)[object.kind];
  } catch {
    throw new Error(`${object.kind} ${object.metadata.name}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
  }
  try {
    new Model(object).validate();
  } catch (err) {
    throw new Error(`${object.kind} ${object.metadata.name}: ${(err as Error).message}`);
  }
}

const find = (objects: KubeObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
};

const APPS = {
  scheduler: { deployment: 'periskop-scheduler', port: DEFAULT_PORTS.scheduler },
  scraper: { deployment: 'periskop-scraper', port: DEFAULT_PORTS.scraper },
  api: { deployment: 'periskop-api', port: DEFAULT_PORTS.api },
} as const;

const overlays = readdirSync(OVERLAYS);

it('has the two overlays: a single Redis and an external Redis Cluster', () => {
  expect(overlays.sort()).toEqual(['redis-cluster', 'single-redis']);
});

describe.each(overlays)('overlay %s', (overlay) => {
  const objects = render(overlay);
  const configMap = find(objects, 'ConfigMap', 'periskop-config');
  const envMap = find(objects, 'ConfigMap', 'periskop-env');

  it('renders only objects valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) validateAgainstSchema(object);
  });

  it('rejects an object that breaks the schema (the validation is real)', () => {
    const broken = structuredClone(find(objects, 'Deployment', 'periskop-api'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    expect(() => validateAgainstSchema(broken)).toThrow(/containerPort must be integer/);
  });

  it('puts every namespaced object in one namespace it creates', () => {
    const clusterWide = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];
    const namespaces = new Set(objects.filter((o) => !clusterWide.includes(o.kind)).map((o) => o.metadata.namespace));
    expect([...namespaces]).toEqual(['periskop']);
    expect(find(objects, 'Namespace', 'periskop')).toBeDefined();
  });

  it('ships a configuration that the real config loader accepts', () => {
    const config = parseConfigText(configMap.data['periskop.yaml'], 'periskop.yaml (ConfigMap)');
    expect(config.services.map((s) => s.name)).toContain('periskop');
    // CONFIG_FILE names the mounted key of that ConfigMap, in every app.
    expect(envMap.data.CONFIG_FILE).toBe('/etc/periskop/periskop.yaml');
    for (const app of Object.values(APPS)) {
      const pod = find(objects, 'Deployment', app.deployment).spec.template.spec;
      const mount = pod.containers[0].volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/etc/periskop');
      const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
      expect(volume.configMap.name).toBe(configMap.metadata.name);
    }
  });

  it("scrapes Periskop's own apps on their http port, as a pod discovered in-cluster", () => {
    const config = parseConfigText(configMap.data['periskop.yaml']);
    const self = config.services.find((s) => s.name === 'periskop')!;
    const pod = (port: number, portName: string) => ({
      __address__: `10.0.0.7:${port}`,
      __meta_kubernetes_pod_container_port_name: portName,
      __meta_kubernetes_pod_phase: 'Running',
    });
    const targets = populateTargets([{ source: 'pods', labels: {}, targets: [pod(DEFAULT_PORTS.scraper, 'http'), pod(6379, 'redis')] }], {
      relabelConfigs: self.relabelConfigs,
      endpoint: self.scraper.endpoint,
    });
    expect(targets.map((t) => t.url)).toEqual([`http://10.0.0.7:${DEFAULT_PORTS.scraper}/errors`]);
  });

  it.each(Object.entries(APPS))('runs the %s as a hardened Deployment with probes, resources and its port', (app, { deployment, port }) => {
    const spec = find(objects, 'Deployment', deployment).spec;
    const pod = spec.template.spec;
    const [container] = pod.containers;
    expect(container.command).toEqual(['node', `dist/apps/${app}/main.js`]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(container.env).toContainEqual({ name: 'PORT', value: String(port) });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/-/health', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    // Read-only root: whatever is written goes to an emptyDir; everything else is mounted read-only.
    for (const mount of container.volumeMounts) {
      const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
      expect({ mount: mount.name, volume: Boolean(volume) }).toEqual({ mount: mount.name, volume: true });
      if (!mount.readOnly) expect({ mount: mount.name, emptyDir: Boolean(volume.emptyDir) }).toEqual({ mount: mount.name, emptyDir: true });
    }
    // Settings from the rendered ConfigMap; tokens and credentials from the (optional) Secret.
    expect(container.envFrom).toEqual([{ configMapRef: { name: envMap.metadata.name } }, { secretRef: { name: 'periskop-secrets', optional: true } }]);
    expect(spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': deployment });
    expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
  });

  it('autoscales the scrapers on CPU and keeps every app available through disruptions', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'periskop-scraper');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'periskop-scraper' });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    for (const { deployment } of Object.values(APPS)) {
      const pdb = find(objects, 'PodDisruptionBudget', deployment);
      expect(pdb.spec.selector.matchLabels).toEqual(find(objects, 'Deployment', deployment).spec.selector.matchLabels);
    }
  });

  it('exposes the API through a Service and an Ingress', () => {
    const service = find(objects, 'Service', 'periskop-api');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'periskop-api' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: DEFAULT_PORTS.api, targetPort: 'http' }]);
    const ingress = find(objects, 'Ingress', 'periskop-api');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'periskop-api', port: { name: 'http' } });
  });

  it('lets the scheduler (and only it) list and watch what kubernetes_sd_configs discovers', () => {
    const role = find(objects, 'ClusterRole', 'periskop-discovery');
    const granted = role.rules.flatMap((r: { apiGroups: string[]; resources: string[]; verbs: string[] }) =>
      r.resources.map((resource) => `${r.apiGroups[0] || 'core'}/${resource}:${[...r.verbs].sort().join(',')}`),
    );
    expect(granted.sort()).toEqual(
      ['core/pods', 'core/services', 'core/endpoints', 'core/nodes', 'discovery.k8s.io/endpointslices', 'networking.k8s.io/ingresses'].map((r) => `${r}:get,list,watch`).sort(),
    );
    const binding = find(objects, 'ClusterRoleBinding', 'periskop-discovery');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'periskop-scheduler', namespace: 'periskop' }]);
    expect(find(objects, 'Deployment', 'periskop-scheduler').spec.template.spec.serviceAccountName).toBe('periskop-scheduler');
    for (const deployment of ['periskop-scraper', 'periskop-api']) {
      const pod = find(objects, 'Deployment', deployment).spec.template.spec;
      expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual(['periskop', false]);
    }
  });

  it('points every app at the Redis of the overlay', () => {
    if (overlay === 'single-redis') {
      const redis = find(objects, 'Service', 'periskop-redis');
      expect(envMap.data.REDIS_URL).toBe(`redis://${redis.metadata.name}:${redis.spec.ports[0].port}`);
      expect(envMap.data.REDIS_CLUSTER_NODES).toBeUndefined();
      const container = find(objects, 'Deployment', 'periskop-redis').spec.template.spec.containers[0];
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    } else {
      expect(envMap.data.REDIS_CLUSTER_NODES.split(',').every((node: string) => /^[a-z0-9.-]+:\d+$/.test(node))).toBe(true);
      expect(objects.some((o) => o.metadata.name.includes('redis'))).toBe(false);
    }
  });
});
