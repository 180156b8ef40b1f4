import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTS } from '@periskop/config';

const ROOT = join(__dirname, '../../..');

/** Default ports of the Prometheus ecosystem (its wiki's allocation list) that people run beside Periskop. */
const PROMETHEUS_ECOSYSTEM = [9090, 9091, 9093, 9094, 9100, 9104, 9115, 9121, 9187, 9308, 9113, 3000];

/** Rows of the README's ports table: app → port text. */
function readmePorts(): Record<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n### Ports\n')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((l) => /^\| [^-]/.test(l) && !l.startsWith('| app '));
  return Object.fromEntries(rows.map((l) => l.split('|').map((c) => c.trim())).map((c) => [c[1], c[2]]));
}

describe('default ports', () => {
  it('keep the API on 8080, as Periskop, and nothing on a Prometheus ecosystem default', () => {
    expect(DEFAULT_PORTS.api).toBe(8080);
    for (const port of Object.values(DEFAULT_PORTS)) expect(PROMETHEUS_ECOSYSTEM).not.toContain(port);
    expect(new Set(Object.values(DEFAULT_PORTS)).size).toBe(Object.values(DEFAULT_PORTS).length);
  });

  it('are the ones the README table lists', () => {
    expect(readmePorts()).toMatchObject({
      'API + dashboard': String(DEFAULT_PORTS.api),
      scheduler: String(DEFAULT_PORTS.scheduler),
      'scraper worker': String(DEFAULT_PORTS.scraper),
    });
  });

  it('are the ones npm start gives each app', () => {
    const start = readFileSync(join(ROOT, 'scripts/start.js'), 'utf8');
    expect(start).toContain(`group.start('scraper', [app('scraper')], { ...common, PORT: '${DEFAULT_PORTS.scraper}',`);
    expect(start).toContain(`group.start('scheduler', [app('scheduler')], { ...common, PORT: '${DEFAULT_PORTS.scheduler}' })`);
  });
});
