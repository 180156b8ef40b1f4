import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { alertRules, dashboardQueries, EXTERNAL_URL_PLACEHOLDER, RULES_FILE, RULES_TEST_FILE, withoutGrafanaVariables } from './monitoring-pack';

/** The rules and the dashboard through Prometheus's own `promtool` (Debian's prometheus package). */
const promtool = (...args: string[]) => execFileSync('promtool', args, { cwd: __dirname, encoding: 'utf8', stdio: 'pipe' });

describe('monitoring pack', () => {
  it('has rules promtool accepts', () => {
    expect(promtool('check', 'rules', RULES_FILE)).toMatch(/SUCCESS: 6 rules found/);
  });

  it('passes its rule unit tests (input series → expected alerts, labels and annotations)', () => {
    expect(promtool('test', 'rules', RULES_TEST_FILE)).toMatch(/SUCCESS/);
  });

  it("keeps the original Periskop README's alert as it was written", () => {
    const original = alertRules().find((r) => r.alert === 'PeriskopErrorOccurrencesHigh')!;
    expect(original.expr.trim()).toBe('periskop_error_occurrences{severity="error"} > 1000');
    expect(original.annotations.dashboard).toBe(`${EXTERNAL_URL_PLACEHOLDER}/#/{{ $labels.service_name }}/errors/{{ $labels.aggregation_key }}`);
  });

  it('alerts on each failure the pack promises, each linking into the dashboard', () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert).sort()).toEqual(
      ['PeriskopConfigReloadFailed', 'PeriskopErrorOccurrencesHigh', 'PeriskopMergesFailing', 'PeriskopQueueBacklog', 'PeriskopRedisNotReady', 'PeriskopScrapeFailures'].sort(),
    );
    for (const rule of rules) {
      expect({ alert: rule.alert, summary: Boolean(rule.annotations.summary), description: Boolean(rule.annotations.description) }).toEqual({ alert: rule.alert, summary: true, description: true });
      expect(rule.annotations.dashboard).toMatch(new RegExp(`^${EXTERNAL_URL_PLACEHOLDER.replaceAll('.', '\\.')}/#/`));
    }
  });

  it('has a dashboard whose every query Prometheus parses', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThanOrEqual(10);
    // promtool parses expressions only inside rule files: each query becomes a recording rule.
    const rules = { groups: [{ name: 'dashboard', rules: queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: withoutGrafanaVariables(q.expr) })) }] };
    const file = join(mkdtempSync(join(tmpdir(), 'periskop-dashboard-')), 'dashboard.rules.yml');
    writeFileSync(file, stringify(rules));
    expect(promtool('check', 'rules', file)).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
  });

  it('shows scrape rate and duration, failures by reason, queue depth and wait, merge time and errors per service', () => {
    const reads = (family: string) => dashboardQueries().some((q) => q.expr.includes(family));
    for (const family of [
      'periskop_scrape_duration_seconds_count',
      'periskop_scrape_duration_seconds_bucket',
      'periskop_scrape_failures_total',
      'periskop_scrape_queue_jobs',
      'periskop_scrape_queue_wait_seconds_bucket',
      'periskop_merge_duration_seconds_bucket',
      'periskop_error_occurrences',
    ]) {
      expect({ family, shown: reads(family) }).toEqual({ family, shown: true });
    }
  });
});
