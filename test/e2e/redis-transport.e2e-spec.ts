import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiAggregate } from '@periskop/wire';
import { aggregate, AppProcess, eventually, FakeTarget, freePort, getJson, makeTestCertificates, occurrence, payload, RedisProcess, startRedisServer, uniqueName } from '@periskop/test-harness';

/**
 * The whole pipeline on a Redis that speaks only TLS and wants a password: the built scheduler,
 * scraper (BullMQ worker) and API reach it through `rediss://`, `redis.tls_ca_file` and
 * `redis.password_file`.
 */
describe('the apps on a TLS Redis with a password', () => {
  const certs = makeTestCertificates();
  const service = uniqueName('rediss');
  let redis: RedisProcess;
  let target: FakeTarget;
  let apps: AppProcess[] = [];
  let api: AppProcess;

  beforeAll(async () => {
    const port = await freePort();
    redis = await startRedisServer([
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      certs.serverCertFile,
      '--tls-key-file',
      certs.serverKeyFile,
      '--tls-ca-cert-file',
      certs.caFile,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      'redis-secret',
    ]);
    target = await FakeTarget.start();
    target.serve(payload('uuid-rediss', [aggregate('over@tls', 3, [occurrence('r1', new Date())])]));
    writeFileSync(join(certs.dir, 'redis-password'), 'redis-secret\n');
    const config = join(certs.dir, 'periskop.yaml');
    writeFileSync(
      config,
      `services:\n- name: ${service}\n  static_configs: [{ targets: ['${target.address}'] }]\n  scraper: { endpoint: /errors, refresh_interval: 1s }\n` +
        `redis:\n  url: rediss://127.0.0.1:${port}\n  password_file: redis-password\n  tls_ca_file: ${certs.caFile}\n`,
    );
    // REDIS_URL as the file says (the environment would win over it); password and CA come from the file.
    const env = { CONFIG_FILE: config, REDIS_URL: `rediss://127.0.0.1:${port}` };
    api = await AppProcess.start('api', env);
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await target?.close();
    await redis?.stop();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('schedules, scrapes, merges and serves through it', async () => {
    const agg = await eventually(async () => (await getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`))[0], 20_000, 'the aggregate');
    expect([agg.aggregation_key, agg.total_count]).toEqual(['over@tls', 3]);
    expect((await fetch(`${api.url}/-/ready`)).status).toBe(200);
    for (const app of apps) expect(app.output).not.toMatch(/redis-secret/);
  });
});
