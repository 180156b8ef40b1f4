import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregate, AppProcess, at, eventually, FakeTarget, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * `periskop_error_occurrences` and `periskop_instances_scrapped` keep the original's meaning with
 * 2 scrapers and 2 APIs: each API answers one series per target and key whose value is that
 * target's total, whichever scraper merged it; no scraper exports its own share.
 */
describe('metrics with replicas', () => {
  let dir: string;
  const targets: FakeTarget[] = [];
  const apps: AppProcess[] = [];
  const service = uniqueName('metrics');
  const SEVERITY: Record<string, string> = { 'db@timeout': 'error', 'http@404': 'warning', 'cache@miss': 'info' };

  /** What target `i` reports at step `s`: its own counts, some keys only on some targets. */
  const reportOf = (i: number, s: number): Record<string, number> => {
    const counts: Record<string, number> = { 'db@timeout': 100 * s + i };
    if (i % 2 === 0) counts['http@404'] = 7 * s * (i + 1);
    if (s > 1 && i < 2) counts['cache@miss'] = s + i;
    return counts;
  };
  const serve = (s: number) =>
    targets.forEach((t, i) =>
      t.serve(
        payload(
          `uuid-${i}`,
          Object.entries(reportOf(i, s)).map(([key, count]) =>
            aggregate(key, count, [occurrence(`o-${i}-${key}-${s}`, at(s * 10 + i), { severity: SEVERITY[key] as 'error' })], { severity: SEVERITY[key] as 'error' }),
          ),
        ),
      ),
    );
  /** The true totals: one entry per target (its target_uuid, as the original labels it), key and severity. */
  const expected = (s: number) => {
    const out: Record<string, number> = {};
    targets.forEach((t, i) => {
      for (const [key, count] of Object.entries(reportOf(i, s))) out[`${SEVERITY[key]}|uuid-${i}|${key}`] = count;
    });
    return out;
  };
  const scrapeMetrics = async (app: AppProcess) => (await fetch(`${app.url}/metrics`)).text();
  /** The service's occurrence series as a Prometheus server would scrape them from `app`. */
  const occurrenceSeries = async (app: AppProcess) => {
    const out: Record<string, number> = {};
    const pattern = /^periskop_error_occurrences\{service_name="([^"]*)",severity="([^"]*)",target="([^"]*)",aggregation_key="([^"]*)"\} (\S+)$/gm;
    for (const [, name, severity, target, key, value] of (await scrapeMetrics(app)).matchAll(pattern)) {
      if (name === service) out[`${severity}|${target}|${key}`] = Number(value);
    }
    return out;
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-metrics-'));
    for (let i = 0; i < 6; i++) targets.push(await FakeTarget.start());
    serve(1);
    const file = join(dir, 'periskop.yaml');
    writeFileSync(
      file,
      `services:\n- name: ${service}\n  static_configs:\n  - targets: [${targets.map((t) => `'${t.address}'`).join(', ')}]\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n`,
    );
    const env = { CONFIG_FILE: file, REDIS_URL: testRedisUrl(), METRICS_CACHE_MS: '0' };
    for (const name of ['scraper', 'scraper', 'api', 'api', 'scheduler']) apps.push(await AppProcess.start(name, env));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    await Promise.all(targets.map((t) => t.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the true per-target totals on both APIs, whichever scraper merged them', async () => {
    const [scraperA, scraperB, apiA, apiB, scheduler] = apps;
    for (const step of [1, 2, 3]) {
      serve(step);
      await eventually(
        async () => {
          const [a, b] = await Promise.all([occurrenceSeries(apiA), occurrenceSeries(apiB)]);
          return same(a, expected(step)) && same(b, expected(step)) ? true : undefined;
        },
        20_000,
        `both APIs at step ${step}`,
      );
    }
    // Both scrapers merged some of the scrapes, and neither exports occurrence series of its own.
    for (const scraper of [scraperA, scraperB]) {
      const text = await scrapeMetrics(scraper);
      const scrapes = new RegExp(`^periskop_scrape_duration_seconds_count\\{[^}]*service_name="${service}"[^}]*\\} (\\d+)`, 'm').exec(text);
      expect(Number(scrapes?.[1] ?? 0)).toBeGreaterThan(0);
      expect(text).not.toMatch(/^periskop_error_occurrences/m);
    }
    // The discovered targets from the shared state, on every API; not from the scheduler.
    for (const api of [apiA, apiB]) expect(await scrapeMetrics(api)).toContain(`periskop_instances_scrapped{service_name="${service}"} 6\n`);
    expect(await scrapeMetrics(scheduler)).not.toMatch(/^periskop_instances_scrapped/m);
  }, 90_000);
});

function sorted(value: unknown): unknown {
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
}
