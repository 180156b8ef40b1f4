import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The monitoring pack's files as their consumers (Prometheus, Grafana) read them, for tests. */
export const MONITORING_DIR = __dirname;
export const RULES_FILE = join(MONITORING_DIR, 'periskop.rules.yml');
export const RULES_TEST_FILE = join(MONITORING_DIR, 'periskop.rules.test.yml');
export const DASHBOARD_FILE = join(MONITORING_DIR, 'grafana-dashboard.json');

/** The dashboard's external URL as the rules spell it until an operator replaces it. */
export const EXTERNAL_URL_PLACEHOLDER = 'https://periskop.example.com';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const file = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ rules: AlertRule[] }> };
  return file.groups.flatMap((g) => g.rules);
}

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

export function dashboardQueries(): Array<{ panel: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: Panel[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
}

/** Grafana's variables replaced by what they stand for, so Prometheus tools can parse the query. */
export function withoutGrafanaVariables(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$service', '.*');
}

/**
 * Periskop's metric families a query reads (every one is named `periskop_…`); a histogram's
 * `_bucket`/`_count`/`_sum` series count as its family.
 */
export function metricFamilies(expr: string): string[] {
  const names = expr.match(/\bperiskop_[a-z_]+/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/_(bucket|count|sum)$/, '')))];
}

/** Every family the rules and the dashboard read. */
export function familiesUsed(): string[] {
  const exprs = [...alertRules().map((r) => r.expr), ...dashboardQueries().map((q) => q.expr)];
  return [...new Set(exprs.flatMap(metricFamilies))].sort();
}
