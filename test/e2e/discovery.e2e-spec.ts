import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, TargetsView, TargetView } from '@periskop/wire';
import { ADMIN_AUTH_YAML, ADMIN_HEADERS, aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { consulEntry, FakeApi, FakeConsul, FakeDnsServer, FakeEc2, FakeEureka, FakeKubeApi, startFakeDnsServer, startHttpServer, TestHttpServer } from '../harness/peers';

/**
 * Every service discovery mechanism through the built scheduler, scraper and API: one service
 * per mechanism, each discovering a real loopback target (and a second one that a relabel rule
 * drops) from a real peer — a file, a DNS server, an HTTP SD server, a Kubernetes API with
 * list + watch, a Consul agent with blocking queries, a Docker daemon on a unix socket, a Eureka
 * registry answering XML and an EC2 API reached through the AWS SDK's endpoint override. The test reads what the API shows:
 * the relabeled targets, and the aggregates their scrapes produced.
 */
describe('discovery end to end: every SD mechanism through the scheduler', () => {
  const suffix = uniqueName('sd');
  const svc = {
    static: `${suffix}-static`,
    file: `${suffix}-file`,
    dns: `${suffix}-dns`,
    http: `${suffix}-http`,
    kubernetes: `${suffix}-kubernetes`,
    consul: `${suffix}-consul`,
    docker: `${suffix}-docker`,
    eureka: `${suffix}-eureka`,
    ec2: `${suffix}-ec2`,
  } as const;
  type Mechanism = keyof typeof svc;
  const mechanisms = Object.keys(svc) as Mechanism[];
  /** Each mechanism's target reports `<mechanism>@boom` with its own count. */
  const counts: Record<Mechanism, number> = { static: 2, file: 3, dns: 4, http: 5, kubernetes: 6, consul: 7, docker: 8, eureka: 10, ec2: 11 };

  const targets = {} as Record<Mechanism, FakeTarget>;
  let addedFileTarget: FakeTarget;
  let dns: FakeDnsServer;
  let httpSd: TestHttpServer;
  const kube = new FakeKubeApi();
  const consul = new FakeConsul();
  let docker: FakeApi;
  const eureka = new FakeEureka();
  const ec2 = new FakeEc2();
  let dir: string;
  let targetsFile: string;
  const apps: AppProcess[] = [];
  let api: AppProcess;

  const port = (t: FakeTarget) => Number(t.address.split(':')[1]);
  const fileGroups = (extra: FakeTarget[]) => [
    { targets: [targets.file.address, ...extra.map((t) => t.address)], labels: { team: 'files' } },
    { targets: ['127.0.0.1:1'], labels: { team: 'retired' } },
  ];

  // Target labels are for admins.
  const targetsView = () => getJson<TargetsView>(`${api.url}/api/targets`, ADMIN_HEADERS);
  const errorsOf = (service: string) => getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`);
  const countOf = async (service: string, key: string) => (await errorsOf(service)).find((a) => a.aggregation_key === key)?.total_count;

  beforeAll(async () => {
    for (const m of mechanisms) {
      targets[m] = await FakeTarget.start();
      targets[m].serve(payload(`uuid-${m}`, [aggregate(`${m}@boom`, counts[m], [occurrence(`${m}-1`, new Date(Date.now() - 1000))])]));
    }
    addedFileTarget = await FakeTarget.start();
    addedFileTarget.serve(payload('uuid-file-2', [aggregate('file-added@boom', 9, [occurrence('file-2', new Date(Date.now() - 1000))])]));

    // file_sd: a real file beside the config, rewritten by a test below.
    dir = mkdtempSync(join(tmpdir(), 'periskop-sd-e2e-'));
    targetsFile = join(dir, 'targets.json');
    writeFileSync(targetsFile, JSON.stringify(fileGroups([])));

    // dns_sd: two A records; relabeling drops 127.0.0.2.
    dns = await startFakeDnsServer();
    dns.zone.set('A targets.e2e.test', [{ address: '127.0.0.1' }, { address: '127.0.0.2' }]);

    // http_sd: one real target and a canary that relabeling drops.
    httpSd = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify([
          { targets: [targets.http.address], labels: { team: 'inventory' } },
          { targets: ['127.0.0.1:2'], labels: { team: 'inventory', canary: 'true' } },
        ]),
      );
    });

    // kubernetes_sd: two pods; the one that opts out by annotation is dropped.
    await kube.start();
    const pod = (name: string, ip: string, containerPort: number, scrape: string) => ({
      metadata: { name, namespace: 'shop', uid: `uid-${name}`, labels: { app: 'web' }, annotations: { 'periskop.io/scrape': scrape } },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'web:1', ports: [{ name: 'http', containerPort, protocol: 'TCP' }] }] },
      status: { phase: 'Running', podIP: ip, hostIP: '127.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    kube.apply('pods', pod('web-0', '127.0.0.1', port(targets.kubernetes), 'true'));
    kube.apply('pods', pod('web-1', '127.0.0.2', 9999, 'false'));

    // consul_sd: two instances on the node 127.0.0.1; the canary-tagged one is dropped.
    await consul.start();
    consul.setService(
      'payments',
      ['periskop'],
      [consulEntry('node-a', '127.0.0.1', 'payments', port(targets.consul), { Tags: ['periskop'] }), consulEntry('node-b', '127.0.0.1', 'payments', 3, { Tags: ['periskop', 'canary'] })],
    );

    // docker_sd: a Docker daemon on a unix socket with two containers; the one not opted in is dropped.
    const container = (id: string, ip: string, privatePort: number, scrape: string) => ({
      Id: id,
      Names: [`/${id}`],
      Labels: { 'periskop.scrape': scrape },
      Ports: [{ PrivatePort: privatePort, Type: 'tcp' }],
      HostConfig: { NetworkMode: 'bridge' },
      NetworkSettings: { Networks: { bridge: { NetworkID: 'net-bridge', IPAddress: ip } } },
    });
    const containers = [container('payments-1', '127.0.0.1', port(targets.docker), 'true'), container('sidecar-1', '127.0.0.2', 9, 'false')];
    docker = await new FakeApi((req) => {
      if (req.path === '/_ping') return { headers: { 'Api-Version': '1.43', 'Content-Type': 'text/plain' }, body: 'OK' };
      if (req.path === '/v1.43/containers/json') return { body: containers };
      if (req.path === '/v1.43/networks') return { body: [{ Id: 'net-bridge', Name: 'bridge', Scope: 'local', Internal: false, Ingress: false, Labels: {} }] };
      return undefined;
    }).start({ socket: true });

    // eureka_sd: one UP instance and one DOWN instance that relabeling drops.
    await eureka.start();
    eureka.instances = [
      { app: 'PAYMENTS', host: '127.0.0.1', port: port(targets.eureka), instanceId: 'payments-eureka-1' },
      { app: 'PAYMENTS', host: '127.0.0.2', port: 9, status: 'DOWN' },
    ];

    // ec2_sd: two instances through the AWS SDK; the one without the scrape tag is dropped.
    await ec2.start();
    ec2.instances = [
      { id: 'i-0payments', privateIp: '127.0.0.1', tags: { 'periskop:scrape': 'true' } },
      { id: 'i-0other', privateIp: '127.0.0.2', tags: { 'periskop:scrape': 'false' } },
    ];

    const scraper = `    scraper:\n      endpoint: /errors\n      refresh_interval: 1s\n`;
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      [
        'services:',
        `  - name: ${svc.static}`,
        '    static_configs:',
        `      - targets: ['${targets.static.address}', '127.0.0.1:1']`,
        '        labels: { env: e2e }',
        '    relabel_configs:',
        "      - { source_labels: [__address__], regex: '127\\.0\\.0\\.1:1', action: drop }",
        "      - { source_labels: [__address__], regex: '[^:]+:(\\d+)', target_label: port }",
        scraper,
        `  - name: ${svc.file}`,
        '    file_sd_configs:',
        "      - files: ['targets.json']",
        '    relabel_configs:',
        '      - { source_labels: [team], regex: retired, action: drop }',
        '      - { source_labels: [__meta_filepath], target_label: sd_file }',
        scraper,
        `  - name: ${svc.dns}`,
        '    dns_sd_configs:',
        `      - { names: [targets.e2e.test], type: A, port: ${port(targets.dns)} }`,
        '    relabel_configs:',
        "      - { source_labels: [__address__], regex: '127\\.0\\.0\\.2:.*', action: drop }",
        '      - { source_labels: [__meta_dns_name], target_label: dns_name }',
        scraper,
        `  - name: ${svc.http}`,
        '    http_sd_configs:',
        `      - url: ${httpSd.url}/targets`,
        '    relabel_configs:',
        "      - { source_labels: [canary], regex: 'true', action: drop }",
        '      - { source_labels: [__meta_url], target_label: sd_url }',
        scraper,
        `  - name: ${svc.kubernetes}`,
        '    kubernetes_sd_configs:',
        `      - { role: pod, api_server: '${kube.url}' }`,
        '    relabel_configs:',
        "      - { source_labels: [__meta_kubernetes_pod_annotation_periskop_io_scrape], regex: 'false', action: drop }",
        '      - { source_labels: [__meta_kubernetes_pod_name], target_label: pod }',
        '      - { source_labels: [__meta_kubernetes_namespace], target_label: namespace }',
        scraper,
        `  - name: ${svc.consul}`,
        '    consul_sd_configs:',
        `      - { server: '${consul.server}', services: [payments], tags: [periskop] }`,
        '    relabel_configs:',
        "      - { source_labels: [__meta_consul_tags], regex: '.*,canary,.*', action: drop }",
        '      - { source_labels: [__meta_consul_node], target_label: node }',
        scraper,
        `  - name: ${svc.docker}`,
        '    docker_sd_configs:',
        `      - { host: 'unix://${docker.socketPath}', refresh_interval: 1s }`,
        '    relabel_configs:',
        "      - { source_labels: [__meta_docker_container_label_periskop_scrape], regex: 'true', action: keep }",
        "      - { source_labels: [__meta_docker_container_name], regex: '/(.*)', target_label: container }",
        scraper,
        `  - name: ${svc.eureka}`,
        '    eureka_sd_configs:',
        `      - { server: '${eureka.server}', refresh_interval: 1s }`,
        '    relabel_configs:',
        "      - { source_labels: [__meta_eureka_app_instance_status], regex: 'UP', action: keep }",
        '      - { source_labels: [__meta_eureka_app_name], target_label: app }',
        scraper,
        `  - name: ${svc.ec2}`,
        '    ec2_sd_configs:',
        `      - { region: us-east-1, endpoint: '${ec2.url}', access_key: AKIDEXAMPLE, secret_key: e2e-secret, port: ${port(targets.ec2)}, refresh_interval: 1s }`,
        '    relabel_configs:',
        "      - { source_labels: [__meta_ec2_tag_periskop_scrape], regex: 'true', action: keep }",
        '      - { source_labels: [__meta_ec2_instance_id], target_label: instance_id }',
        scraper,
        ADMIN_AUTH_YAML,
      ].join('\n'),
    );

    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    const started = await Promise.allSettled([AppProcess.start('api', env), AppProcess.start('scraper', env), AppProcess.start('scheduler', { ...env, PERISKOP_DNS_SERVERS: dns.address })]);
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    api = apps[0];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.allSettled([
      ...Object.values(targets).map((t) => t.close()),
      addedFileTarget?.close(),
      dns?.close(),
      httpSd?.close(),
      kube.close(),
      consul.close(),
      docker?.close(),
      eureka.close(),
      ec2.close(),
    ]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until every service lists exactly the expected number of targets. */
  async function discovered(expected: Partial<Record<Mechanism, number>> = {}): Promise<Record<Mechanism, TargetView[]>> {
    return eventually(
      async () => {
        const view = await targetsView();
        const ok = mechanisms.every((m) => (view[svc[m]]?.length ?? 0) === (expected[m] ?? 1));
        return ok ? (Object.fromEntries(mechanisms.map((m) => [m, view[svc[m]]])) as Record<Mechanism, TargetView[]>) : undefined;
      },
      20_000,
      `targets of every service (${JSON.stringify(expected)})`,
    );
  }

  it("lists each mechanism's target with its labels after relabeling; the dropped ones are absent", async () => {
    const view = await discovered();
    const only = (m: Mechanism) => {
      const [t] = view[m];
      expect(t.endpoint).toBe(`${targets[m].address}/errors`);
      expect(t.url).toBe(`http://${targets[m].address}/errors`);
      return t;
    };
    const instance = (m: Mechanism) => ({ instance: targets[m].address });

    expect(only('static').labels).toEqual({ ...instance('static'), env: 'e2e', port: String(port(targets.static)) });

    const file = only('file');
    expect(file.labels).toEqual({ ...instance('file'), team: 'files', sd_file: expect.stringMatching(/targets\.json$/) });
    expect(file.discovered_labels.__meta_filepath).toBe(file.labels.sd_file);

    const dnsTarget = only('dns');
    expect(dnsTarget.labels).toEqual({ ...instance('dns'), dns_name: 'targets.e2e.test' });
    expect(dnsTarget.discovered_labels).toMatchObject({ __address__: targets.dns.address, __meta_dns_name: 'targets.e2e.test' });

    expect(only('http').labels).toEqual({ ...instance('http'), team: 'inventory', sd_url: `${httpSd.url}/targets` });

    const pod = only('kubernetes');
    expect(pod.labels).toEqual({ ...instance('kubernetes'), pod: 'web-0', namespace: 'shop' });
    expect(pod.discovered_labels).toMatchObject({ __meta_kubernetes_pod_ip: '127.0.0.1', __meta_kubernetes_pod_container_port_number: String(port(targets.kubernetes)) });

    const consulTarget = only('consul');
    expect(consulTarget.labels).toEqual({ ...instance('consul'), node: 'node-a' });
    expect(consulTarget.discovered_labels).toMatchObject({ __meta_consul_service: 'payments', __meta_consul_tags: ',periskop,', __meta_consul_dc: 'test-dc' });

    const dockerTarget = only('docker');
    expect(dockerTarget.labels).toEqual({ ...instance('docker'), container: 'payments-1' });
    expect(dockerTarget.discovered_labels).toMatchObject({ __meta_docker_container_id: 'payments-1', __meta_docker_network_name: 'bridge', __meta_docker_port_private: String(port(targets.docker)) });

    // Eureka names the instance itself (its instanceId), as in Prometheus.
    const eurekaTarget = only('eureka');
    expect(eurekaTarget.labels).toEqual({ instance: 'payments-eureka-1', app: 'PAYMENTS' });
    expect(eurekaTarget.discovered_labels).toMatchObject({ __meta_eureka_app_instance_status: 'UP', __meta_eureka_app_instance_hostname: '127.0.0.1' });

    const ec2Target = only('ec2');
    expect(ec2Target.labels).toEqual({ ...instance('ec2'), instance_id: 'i-0payments' });
    expect(ec2Target.discovered_labels).toMatchObject({ __meta_ec2_region: 'us-east-1', __meta_ec2_private_ip: '127.0.0.1', __meta_ec2_availability_zone_id: 'use1-az6' });

    // Periskop's own listing shows the same endpoints.
    const periskop = await getJson<Record<string, Array<{ endpoint: string }>>>(`${api.url}/targets/`);
    for (const m of mechanisms) expect(periskop[svc[m]]).toEqual([{ endpoint: `${targets[m].address}/errors` }]);
  });

  it("scrapes every discovered target: each service shows its target's aggregate with the right count", async () => {
    for (const m of mechanisms) {
      await eventually(async () => ((await countOf(svc[m], `${m}@boom`)) === counts[m] ? true : undefined), 20_000, `${m}@boom = ${counts[m]} in ${svc[m]}`);
      expect(targets[m].hits.get('/errors')).toBeGreaterThan(0);
    }
    const view = await targetsView();
    for (const m of mechanisms) expect(view[svc[m]][0].health.status).toBe('up');
    // Only the discovered targets were scraped: the dropped addresses never were (nothing listens
    // there, so a scrape would have shown up as a down target above).
    for (const m of mechanisms) expect((await errorsOf(svc[m])).map((a) => a.aggregation_key)).toEqual([`${m}@boom`]);
  });

  it('file_sd: a rewritten file adds a target, which then gets scraped', async () => {
    writeFileSync(targetsFile, JSON.stringify(fileGroups([addedFileTarget])));
    const view = await discovered({ file: 2 });
    const added = view.file.find((t) => t.endpoint === `${addedFileTarget.address}/errors`);
    expect(added?.labels).toEqual({ instance: addedFileTarget.address, team: 'files', sd_file: view.file[0].labels.sd_file });
    await eventually(async () => ((await countOf(svc.file, 'file-added@boom')) === 9 ? true : undefined), 20_000, 'file-added@boom = 9');
    expect(await countOf(svc.file, 'file@boom')).toBe(counts.file);
    expect(addedFileTarget.hits.get('/errors')).toBeGreaterThan(0);
  });
});
