import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchService {
  name: string;
  targets: string[];
  refreshIntervalS: number;
  timeoutS?: number;
}

export interface BenchConfig {
  path: string;
  remove(): void;
}

/**
 * A Periskop configuration in a temp dir, the fleet as static_configs (discovery is not what
 * is measured here).
 */
export function writeBenchConfig(services: BenchService[], aggregation: { targetExpiryCycles?: number } = {}): BenchConfig {
  const dir = mkdtempSync(join(tmpdir(), 'periskop-bench-'));
  const lines: string[] = ['repository:', '  type: memory', 'services:'];
  for (const s of services) {
    lines.push(`- name: ${s.name}`);
    lines.push('  static_configs:');
    lines.push(`  - targets: [${s.targets.map((t) => JSON.stringify(t)).join(', ')}]`);
    lines.push('  scraper:');
    lines.push('    endpoint: /errors');
    lines.push(`    refresh_interval: ${s.refreshIntervalS}s`);
    lines.push(`    timeout: ${Math.min(s.timeoutS ?? 30, s.refreshIntervalS)}s`);
  }
  lines.push('aggregation:');
  lines.push('  samples_per_key: 100');
  lines.push(`  target_expiry_cycles: ${aggregation.targetExpiryCycles ?? 30}`);
  const path = join(dir, 'periskop.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
