import { FakeEureka } from '../../test/fake-eureka';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { eurekaMechanism } from '.';
import { parseEurekaApps } from './eureka-apps';

describe('eureka_sd_configs against a fake Eureka server', () => {
  const fake = new FakeEureka();
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
    fake.instances = [
      { app: 'CONFIG-SERVICE', host: 'config-service001.test.com', port: 8080, metadata: { 'prometheus.scrape': 'true', 'prometheus.path': '/errors' } },
      { app: 'META-SERVICE', host: 'meta-service002.test.com', port: 8080, status: 'DOWN', instanceId: 'meta-2' },
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(eurekaMechanism, { server: fake.server, ...extra });
    runs.push(r);
    return r;
  }

  it('lists every instance with every meta label', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('eureka');
    expect(group.targets[0]).toEqual({
      __address__: 'config-service001.test.com:8080',
      instance: 'config-service001.test.com:config-service:8080',
      __meta_eureka_app_name: 'CONFIG-SERVICE',
      __meta_eureka_app_instance_hostname: 'config-service001.test.com',
      __meta_eureka_app_instance_homepage_url: 'http://config-service001.test.com:8080/',
      __meta_eureka_app_instance_statuspage_url: 'http://config-service001.test.com:8080/info',
      __meta_eureka_app_instance_healthcheck_url: 'http://config-service001.test.com:8080/health',
      __meta_eureka_app_instance_ip_addr: 'config-service001.test.com',
      __meta_eureka_app_instance_vip_address: 'config-service',
      __meta_eureka_app_instance_secure_vip_address: 'config-service',
      __meta_eureka_app_instance_status: 'UP',
      __meta_eureka_app_instance_port: '8080',
      __meta_eureka_app_instance_port_enabled: 'true',
      __meta_eureka_app_instance_secure_port: '443',
      __meta_eureka_app_instance_secure_port_enabled: 'false',
      __meta_eureka_app_instance_datacenterinfo_name: 'MyOwn',
      __meta_eureka_app_instance_country_id: '1',
      __meta_eureka_app_instance_id: 'config-service001.test.com:config-service:8080',
      __meta_eureka_app_instance_metadata_prometheus_scrape: 'true',
      __meta_eureka_app_instance_metadata_prometheus_path: '/errors',
    });
    expect(group.targets[1]).toMatchObject({ __address__: 'meta-service002.test.com:8080', instance: 'meta-2', __meta_eureka_app_instance_status: 'DOWN' });
  });

  it('relabels on the eureka meta labels (metadata path, status)', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_eureka_app_instance_status'], regex: 'UP', action: 'keep' },
      { source_labels: ['__meta_eureka_app_instance_metadata_prometheus_path'], target_label: '__metrics_path__' },
      { source_labels: ['__meta_eureka_app_name'], target_label: 'app' },
    ]);
    const targets = populateTargets(r.latest(), { relabelConfigs, endpoint: '/ignored' });
    expect(targets.map((t) => [t.url, t.labels])).toEqual([['http://config-service001.test.com:8080/errors', { app: 'CONFIG-SERVICE', instance: 'config-service001.test.com:config-service:8080' }]]);
  });

  it('keeps the last targets while Eureka fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => fake.instances.pop(), ['config-service001.test.com:8080']);
    expect(r.errors[0].message).toBe("non 2xx status '500' response during eureka service discovery");
  });

  it('sends basic auth from the URL or http_config, and never puts the password in an error', async () => {
    const url = new URL(fake.server);
    url.username = 'eureka';
    url.password = 'hunter2';
    const r = await run({ server: `${url.toString().replace(/\/eureka$/, '')}/missing` });
    expect(r.errors[0].message).not.toContain('hunter2');
    expect(fake.requests[fake.requests.length - 1].headers.authorization).toBe(`Basic ${Buffer.from('eureka:hunter2').toString('base64')}`);
  });

  it('reads an empty registry and absent ports as Prometheus does', () => {
    expect(parseEurekaApps('<applications><versions__delta>1</versions__delta></applications>')).toEqual([]);
    const [app] = parseEurekaApps('<applications><application><name>A</name><instance><hostName>h</hostName></instance></application></applications>');
    expect(app.instances[0]).toMatchObject({ port: null, securePort: null, metadata: null, dataCenterInfo: null, countryId: 0 });
    expect(() => parseEurekaApps('{"applications":{}}')).toThrow('invalid XML');
    expect(() => parseEurekaApps('<services/>')).toThrow('expected an <applications> document');
  });
});

describe('eureka_sd_configs parsing', () => {
  it.each([
    [{}, 'eureka_sd: empty or null eureka server'],
    [{ server: 'eureka:8761' }, 'eureka_sd: invalid eureka server URL'],
    [{ server: 'http://eureka:8761', servers: [] }, 'field servers not found in type eureka.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => eurekaMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('defaults refresh_interval to 30s', () => {
    expect(eurekaMechanism.parse({ server: 'http://eureka:8761/eureka' }, { baseDir: '/' })).toMatchObject({ refreshIntervalMs: 30_000 });
  });
});
