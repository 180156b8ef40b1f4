import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '@periskop/config';

/** The README's examples are real configurations: they must load. */
describe('README examples', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((y) => y.includes('services:'));

  it('has configuration examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((yaml, i) => [i, yaml] as const))('example %i loads with the real loader', (_i, yaml) => {
    expect(parseConfigText(yaml).services.length).toBeGreaterThan(0);
  });
});
