import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import type { ApiAggregate, TargetsView } from '@periskop/wire';
import { aggregate, AppProcess, eventually, getJson, makeTestCertificates, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * `scraper.tls_config` and `scraper.follow_redirects` from the YAML through the scheduler's jobs
 * to the scraper: an HTTPS target that requires a client certificate, signed by a CA made for
 * this run, and a target redirecting to another host, refused by the default policy.
 */
describe('scraping over TLS and through redirects', () => {
  const certs = makeTestCertificates();
  const tlsService = uniqueName('tls');
  const redirectService = uniqueName('redirect');
  const servers: Server[] = [];
  let apps: AppProcess[] = [];
  let api: AppProcess;
  let scraper: AppProcess;
  let httpsTarget: string;
  let redirector: string;

  const listen = async (server: Server, host: string) => {
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, host, r));
    return `${host}:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    const body = JSON.stringify(payload('uuid-tls', [aggregate('tls@ok', 2, [occurrence('t1', new Date())])]));
    httpsTarget = await listen(
      createHttpsServer(
        { cert: readFileSync(certs.serverCertFile), key: readFileSync(certs.serverKeyFile), ca: readFileSync(certs.caFile), requestCert: true, rejectUnauthorized: true },
        (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body),
      ),
      '127.0.0.1',
    );
    const elsewhere = await listen(
      createHttpServer((_req, res) => res.end(body)),
      '127.0.0.2',
    );
    redirector = await listen(
      createHttpServer((_req, res) => res.writeHead(302, { Location: `http://${elsewhere}/errors` }).end()),
      '127.0.0.1',
    );

    const config = join(certs.dir, 'periskop.yaml');
    // Relative paths resolve against the config file's folder, as Prometheus does.
    writeFileSync(
      config,
      `services:
- name: ${tlsService}
  static_configs: [{ targets: ['${httpsTarget}'] }]
  relabel_configs: [{ target_label: __scheme__, replacement: https }]
  scraper:
    endpoint: /errors
    refresh_interval: 1s
    tls_config: { ca_file: ${basename(certs.caFile)}, cert_file: ${basename(certs.clientCertFile)}, key_file: ${basename(certs.clientKeyFile)} }
- name: ${redirectService}
  static_configs: [{ targets: ['${redirector}'] }]
  scraper: { endpoint: /errors, refresh_interval: 1s }
`,
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    api = await AppProcess.start('api', env);
    scraper = await AppProcess.start('scraper', env);
    apps = [api, scraper, await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('scrapes an HTTPS target with ca_file and a client certificate', async () => {
    const [agg] = await eventually(
      async () => {
        const list = await getJson<ApiAggregate[]>(`${api.url}/services/${tlsService}/errors/`);
        return list.length > 0 ? list : undefined;
      },
      20_000,
      'the HTTPS target scraped',
    );
    expect([agg.aggregation_key, agg.total_count]).toEqual(['tls@ok', 2]);
  });

  it('refuses a redirect to another host by default and records why', async () => {
    const target = await eventually(
      async () => {
        const view = await getJson<TargetsView>(`${api.url}/api/targets`);
        const t = view[redirectService]?.[0];
        return t?.health.status === 'down' ? t : undefined;
      },
      20_000,
      'the redirecting target marked down',
    );
    expect(target.health.error).toMatch(/^redirect to another host refused \(scraper\.follow_redirects: same_host\)/);
    const metrics = await (await fetch(`${scraper.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `periskop_scrape_failures_total\\{[^}]*service_name="${redirectService}"[^}]*reason="redirect"[^}]*\\} [1-9]|periskop_scrape_failures_total\\{[^}]*reason="redirect"[^}]*service_name="${redirectService}"[^}]*\\} [1-9]`,
      ),
    );
  });
});
