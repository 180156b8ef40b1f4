import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, ErrorDetailView, TargetsView, WirePayload } from '@periskop/wire';
import {
  aggregate,
  AppProcess,
  eventually,
  FakeTarget,
  ADMIN_AUTH_YAML,
  ADMIN_HEADERS,
  getJson,
  occurrence,
  payload,
  RedisProcess,
  RoundRobinProxy,
  startRedisServer,
  uniqueName,
} from '@periskop/test-harness';

/**
 * Two clusters, each a full pipeline (scheduler, scraper, API as processes) on its own
 * redis-server. The child scrapes fake targets; the parent scrapes the child's
 * `/federate/<service>` as an ordinary target, through one address that balances every request
 * over two child API replicas (a Kubernetes Service's part, played by a loopback proxy). The
 * parent's totals must equal the child's whichever replica answers, across a replica restart and
 * after a resolve in the child.
 */
describe('federation across clusters', () => {
  const service = uniqueName('fed');
  let childRedis: RedisProcess;
  let parentRedis: RedisProcess;
  let targetA: FakeTarget;
  let targetB: FakeTarget;
  let proxy: RoundRobinProxy;
  let childApis: AppProcess[] = [];
  let parentApi: AppProcess;
  let childEnv: Record<string, string>;
  const apps: AppProcess[] = [];

  const federated = (api: AppProcess) => getJson<WirePayload>(`${api.url}/federate/${service}`);
  const totalsOf = (list: Array<{ aggregation_key: string; total_count: number }>) =>
    JSON.stringify(Object.fromEntries(list.map((a) => [a.aggregation_key, a.total_count]).sort(([a], [b]) => String(a).localeCompare(String(b)))));
  const childTotals = async () => totalsOf((await federated(childApis[0])).aggregated_errors ?? []);
  const parentErrors = () => getJson<ApiAggregate[]>(`${parentApi.url}/services/${service}/errors/`);
  const parentTotals = async () => totalsOf(await parentErrors());
  /** The parent's totals equal `expected`, and so do the child's. */
  const bothAt = async (expected: Record<string, number>) => {
    const want = totalsOf(Object.entries(expected).map(([aggregation_key, total_count]) => ({ aggregation_key, total_count })));
    await eventually(async () => ((await childTotals()) === want ? true : undefined), 30_000, `child totals ${want}`);
    await eventually(async () => ((await parentTotals()) === want ? true : undefined), 30_000, `parent totals ${want}`);
  };
  /** Lets the parent scrape each replica at least `n` more times. */
  const moreScrapes = async (n: number) => {
    const before = [...proxy.answered];
    await eventually(async () => (proxy.answered.every((count, i) => count >= before[i] + n) ? true : undefined), 30_000, `${n} more scrapes of each replica`);
  };

  beforeAll(async () => {
    [childRedis, parentRedis] = await Promise.all([startRedisServer(), startRedisServer()]);
    targetA = await FakeTarget.start();
    targetB = await FakeTarget.start();
    const now = Date.now();
    targetA.serve(
      payload('uuid-a', [
        aggregate('db@timeout', 3, [occurrence('a1', new Date(now - 5000)), occurrence('a2', new Date(now - 4000))]),
        aggregate('cache@miss', 2, [occurrence('c1', new Date(now - 4500))]),
      ]),
    );
    targetB.serve(payload('uuid-b', [aggregate('db@timeout', 4, [occurrence('b1', new Date(now - 3000))])]));

    const dir = mkdtempSync(join(tmpdir(), 'periskop-federation-'));
    const childConfig = join(dir, 'child.yaml');
    writeFileSync(
      childConfig,
      `services:\n- name: ${service}\n  static_configs:\n  - targets: ['${targetA.address}', '${targetB.address}']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n${ADMIN_AUTH_YAML}`,
    );
    childEnv = { CONFIG_FILE: childConfig, REDIS_URL: childRedis.url };
    childApis = await Promise.all([AppProcess.start('api', childEnv), AppProcess.start('api', childEnv)]);
    apps.push(...childApis, ...(await Promise.all([AppProcess.start('scraper', childEnv), AppProcess.start('scheduler', childEnv)])));

    proxy = await RoundRobinProxy.start(childApis.map((api) => `127.0.0.1:${api.port}`));
    const parentConfig = join(dir, 'parent.yaml');
    writeFileSync(
      parentConfig,
      `aggregation:\n  breakdown_labels: [cluster]\nservices:\n- name: ${service}\n  static_configs:\n  - targets: ['${proxy.address}']\n    labels:\n      cluster: child-1\n  scraper:\n    endpoint: /federate/${service}\n    refresh_interval: 1s\n${ADMIN_AUTH_YAML}`,
    );
    const parentEnv = { CONFIG_FILE: parentConfig, REDIS_URL: parentRedis.url };
    parentApi = await AppProcess.start('api', parentEnv);
    apps.push(parentApi, ...(await Promise.all([AppProcess.start('scraper', parentEnv), AppProcess.start('scheduler', parentEnv)])));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    await Promise.all([proxy?.close(), targetA?.close(), targetB?.close()]);
    await Promise.all([childRedis?.stop(), parentRedis?.stop()]);
  });

  it("answers one target_uuid from every replica, and the parent's totals equal the child's", async () => {
    await bothAt({ 'db@timeout': 7, 'cache@miss': 2 });
    const [one, two] = await Promise.all(childApis.map(federated));
    expect(one.target_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(two.target_uuid).toBe(one.target_uuid);
    // Both replicas answered the parent, and more scrapes through either never double a count.
    await moreScrapes(3);
    expect(await parentTotals()).toBe(await childTotals());
    const db = (await parentErrors()).find((a) => a.aggregation_key === 'db@timeout')!;
    expect(db.latest_errors.map((o) => o.uuid)).toEqual(['b1', 'a2', 'a1']);
    const targets = await getJson<TargetsView>(`${parentApi.url}/api/targets`, ADMIN_HEADERS);
    expect(targets[service][0].labels).toMatchObject({ cluster: 'child-1' });
    // The cluster is a target label of the parent, so it can be a breakdown label there.
    const detail = await getJson<ErrorDetailView>(`${parentApi.url}/api/services/${service}/error?key=${encodeURIComponent('db@timeout')}`);
    expect(detail.breakdown?.cluster?.map((v) => [v.value, v.count])).toEqual([['child-1', 7]]);
  });

  it('adds only the growth, through a restart of a child API replica', async () => {
    targetA.serve(payload('uuid-a', [aggregate('db@timeout', 5, [occurrence('a3', new Date())]), aggregate('cache@miss', 2, [occurrence('c1', new Date(Date.now() - 4500))])]));
    await bothAt({ 'db@timeout': 9, 'cache@miss': 2 });

    const restarted = childApis[0];
    await restarted.stop();
    childApis[0] = await AppProcess.start('api', { ...childEnv, PORT: String(restarted.port) });
    apps.push(childApis[0]);
    await moreScrapes(3);
    expect(await parentTotals()).toBe(await childTotals());
    expect(await parentTotals()).toBe(
      totalsOf([
        { aggregation_key: 'cache@miss', total_count: 2 },
        { aggregation_key: 'db@timeout', total_count: 9 },
      ]),
    );
  });

  it('keeps the exported totals when the child resolves a key, and follows its regression', async () => {
    const res = await fetch(`${childApis[1].url}/services/${service}/errors/${encodeURIComponent('db@timeout')}/`, { method: 'DELETE', headers: ADMIN_HEADERS });
    expect(res.status).toBe(204);
    const childActive = await getJson<ApiAggregate[]>(`${childApis[1].url}/services/${service}/errors/`);
    expect(childActive.map((a) => a.aggregation_key)).toEqual(['cache@miss']);
    // The resolved key is still exported with its lifetime count: the parent neither lowers nor re-adds it.
    expect((await federated(childApis[0])).aggregated_errors?.find((a) => a.aggregation_key === 'db@timeout')?.total_count).toBe(9);
    await moreScrapes(3);
    expect(await parentTotals()).toBe(
      totalsOf([
        { aggregation_key: 'cache@miss', total_count: 2 },
        { aggregation_key: 'db@timeout', total_count: 9 },
      ]),
    );

    targetA.serve(payload('uuid-a', [aggregate('db@timeout', 6, [occurrence('a4', new Date())]), aggregate('cache@miss', 2, [occurrence('c1', new Date(Date.now() - 4500))])]));
    await bothAt({ 'db@timeout': 10, 'cache@miss': 2 });
    const db = (await parentErrors()).find((a) => a.aggregation_key === 'db@timeout')!;
    expect(db.latest_errors[0].uuid).toBe('a4');
  });
});
