import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { aggregate, AppProcess, eventually, FakeTarget, freePort, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { EXTERNAL_URL_PLACEHOLDER, familiesUsed, RULES_FILE } from '../../deploy/monitoring/monitoring-pack';

/**
 * Metrics the rules or the dashboard read that no app exports yet, each with why. Nothing else
 * may be missing: a family the pack reads and no running app exports fails this test.
 */
/** Families the pack reads before any app exports them (none now: every one it reads is exported). */
const PENDING: Record<string, string> = {};

/** Metric families an app's /metrics declares (`# TYPE <name> <type>`). */
async function exportedFamilies(app: AppProcess): Promise<Set<string>> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return new Set([...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]));
}

interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

/** A real Prometheus (Debian's `prometheus`) on a free loopback port, scraping the given apps every second. */
async function startPrometheus(targets: string[]): Promise<{ url: string; stop: () => Promise<void>; output: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'periskop-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [RULES_FILE],
      scrape_configs: [{ job_name: 'periskop', static_configs: [{ targets }] }],
    }),
  );
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d.toString()));
  child.stderr?.on('data', (d) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), 30_000, 'Prometheus ready');
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return { url, stop, output: () => output };
}

/**
 * The monitoring pack against the running apps: the built scheduler, 2 scrapers and 2 APIs scrape fake
 * targets through the real pipeline; their /metrics must export every family the rules and the
 * dashboard read, and a real Prometheus loading the rules fires the original's alert for exactly
 * the series that crossed 1000.
 */
describe('monitoring pack against the running apps', () => {
  const service = uniqueName('mon');
  let target: FakeTarget;
  let apps: AppProcess[] = [];
  let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;

  beforeAll(async () => {
    target = await FakeTarget.start();
    const now = Date.now();
    target.serve(
      payload('uuid-mon', [
        aggregate('db/timeout@Pool.get', 1500, [occurrence('m1', new Date(now - 2000))]),
        aggregate('rare@x', 5, [occurrence('m2', new Date(now - 1000))]),
        aggregate('cache miss', 5000, [occurrence('m3', new Date(now - 500), { severity: 'warning' })], { severity: 'warning' }),
      ]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'periskop-mon-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, `services:\n- name: ${service}\n  static_configs:\n  - targets: ['${target.address}']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n`);
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    // Replicas as deployed: 2 APIs and 2 scrapers beside the scheduler.
    apps = [
      await AppProcess.start('api', env),
      await AppProcess.start('api', env),
      await AppProcess.start('scraper', env),
      await AppProcess.start('scraper', env),
      await AppProcess.start('scheduler', env),
    ];
    const [api] = apps;
    await eventually(async () => ((await getJson<Array<{ aggregation_key: string }>>(`${api.url}/services/${service}/errors/`)).length === 3 ? true : undefined), 20_000, 'three aggregates merged');
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await target?.close();
  });

  it('exports every metric the rules and the dashboard read (the pending ones listed above excepted)', async () => {
    const exported = new Set<string>();
    for (const app of apps) for (const family of await exportedFamilies(app)) exported.add(family);
    const used = familiesUsed();
    expect(used.length).toBeGreaterThan(8);
    const missing = used.filter((family) => !exported.has(family) && !(family in PENDING));
    expect(missing).toEqual([]);
    // The pending list names only families the pack reads, so it cannot hide anything else.
    for (const family of Object.keys(PENDING)) expect(used).toContain(family);
  });

  it('exports the queue, merge and readiness figures with samples once the pipeline ran', async () => {
    const text = (await Promise.all(apps.map(async (app) => (await fetch(`${app.url}/metrics`)).text()))).join('\n');
    expect(text).toMatch(new RegExp(`^periskop_merge_duration_seconds_count\\{[^}]*service_name="${service}"[^}]*\\} [1-9]`, 'm'));
    expect(text).toMatch(new RegExp(`^periskop_scrape_queue_wait_seconds_count\\{[^}]*service_name="${service}"[^}]*\\} [1-9]`, 'm'));
    expect(text).toMatch(/^periskop_scrape_queue_jobs\{[^}]*state="active"[^}]*\} \d+/m);
    expect(text.match(/^periskop_dependency_up\{[^}]*dependency="redis"[^}]*\} 1$/gm)).toHaveLength(apps.length);
  });

  it("fires the original's alert in a real Prometheus for the series above 1000, and for no other", async () => {
    prometheus = await startPrometheus(apps.map((app) => `127.0.0.1:${app.port}`));
    const firing = await eventually(
      async () => {
        const { data } = await getJson<{ data: { alerts: PrometheusAlert[] } }>(`${prometheus!.url}/api/v1/alerts`);
        const alerts = data.alerts.filter((a) => a.labels.alertname === 'PeriskopErrorOccurrencesHigh' && a.labels.service_name === service && a.state === 'firing');
        return alerts.length > 0 ? alerts : undefined;
      },
      30_000,
      'PeriskopErrorOccurrencesHigh firing',
    );
    // Whichever replica exports it (the instance label may differ), the alert is about that one
    // target's one key at severity error: the warning above 1000 and the error below it never fire.
    const series = new Set(firing.map((a) => `${a.labels.service_name} ${a.labels.severity} ${a.labels.target} ${a.labels.aggregation_key}`));
    expect([...series]).toEqual([`${service} error uuid-mon db/timeout@Pool.get`]);
    for (const alert of firing) expect(alert.annotations.dashboard).toBe(`${EXTERNAL_URL_PLACEHOLDER}/#/${service}/errors/db/timeout@Pool.get`);
  }, 60_000);
});
