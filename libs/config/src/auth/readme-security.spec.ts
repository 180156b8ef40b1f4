import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '@periskop/config';

/** The README's Security examples load with the real loader, their secret files made up here. */
describe('README security examples', () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((y) => y.startsWith('auth:'));
  const dir = mkdtempSync(join(tmpdir(), 'periskop-readme-auth-'));

  it('has the full example and the proxy example', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((yaml, i) => [i, yaml] as const))('example %i loads', (_i, yaml) => {
    const text = yaml.replace(/\/run\/secrets\/([\w-]+)/g, (_m, name: string) => {
      const file = join(dir, name);
      writeFileSync(file, `${name}-secret-${'x'.repeat(40)}\n`);
      return file;
    });
    const { auth } = parseConfigText(`services: []\n${text}`);
    expect(auth.tokens.length + (auth.oidc ? 1 : 0) + (auth.proxy ? 1 : 0)).toBeGreaterThan(0);
  });
});
