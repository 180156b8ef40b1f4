import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScrapeFailure } from './scrape-failure';
import { TlsAgents } from './tls-agents';

describe('TlsAgents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'periskop-tls-agents-'));
  const caFile = join(dir, 'ca.pem');
  let now = 0;
  const agents = new TlsAgents(2, () => now);

  afterAll(() => {
    agents.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a config once, and again only when one of its files changed (a rotated certificate)', () => {
    writeFileSync(caFile, 'first');
    const first = agents.agentFor({ caFile }, false);
    expect(first.options.ca).toEqual(Buffer.from('first'));
    now += 60_000;
    expect(agents.agentFor({ caFile }, false)).toBe(first);

    writeFileSync(caFile, 'second, rotated');
    utimesSync(caFile, new Date(), new Date(Date.now() + 5000));
    expect(agents.agentFor({ caFile }, false)).toBe(first); // checked at most every 10 s
    now += 10_000;
    const second = agents.agentFor({ caFile }, false);
    expect(second).not.toBe(first);
    expect(second.options.ca).toEqual(Buffer.from('second, rotated'));
  });

  it('gives a foreign host the CA but not the client certificate or server name', () => {
    writeFileSync(join(dir, 'c.pem'), 'cert');
    writeFileSync(join(dir, 'c.key'), 'key');
    const config = { caFile, certFile: join(dir, 'c.pem'), keyFile: join(dir, 'c.key'), serverName: 'app.internal' };
    expect(agents.agentFor(config, false).options).toMatchObject({ cert: Buffer.from('cert'), key: Buffer.from('key'), servername: 'app.internal' });
    const foreign = agents.agentFor(config, true).options;
    expect([foreign.ca !== undefined, foreign.cert, foreign.key, foreign.servername]).toEqual([true, undefined, undefined, undefined]);
  });

  it('fails as tls, naming the key and file it cannot read', () => {
    expect(() => agents.agentFor({ certFile: join(dir, 'none.pem'), keyFile: join(dir, 'c.key') }, false)).toThrow(
      new ScrapeFailure('tls', `cannot read tls_config.cert_file ${join(dir, 'none.pem')}: ENOENT`),
    );
  });
});
