import { fork, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate } from '@periskop/wire';
import { ErrorCollector, ErrorExporter } from '@periskop/client';
import { AppProcess, eventually, getJson, testRedisUrl, uniqueName } from '@periskop/test-harness';

const ROOT = join(__dirname, '../..');
/** The built package, as `require('<repo>/libs/client')` resolves it (npm run build). */
const BUILT_CLIENT = join(ROOT, 'libs/client');
const PUSH_TOKEN = 'batch-jobs-push-token-0123456789';

/**
 * periskop-node in the real pipeline: a service instrumented with it is scraped directly, and
 * batch jobs push through the built pushgateway, which Periskop scrapes at `/-/errors`.
 */
describe('periskop-node and the pushgateway through scheduler, scraper and API', () => {
  const nodeService = uniqueName('node-app');
  const batchService = uniqueName('batch');
  const apps: AppProcess[] = [];
  const collector = new ErrorCollector();
  let instrumented: Server;
  let api: AppProcess;
  let gateway: AppProcess;
  const dir = mkdtempSync(join(tmpdir(), 'periskop-node-'));

  const errorsOf = (service: string) => getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`);
  const countOf = async (service: string, key: string) => (await errorsOf(service)).find((a) => a.aggregation_key === key)?.total_count;
  const untilCount = (service: string, key: string, n: number) =>
    eventually(async () => ((await countOf(service, key).catch(() => undefined)) === n ? true : undefined), 30_000, `${key} counted ${n} in ${service}`);

  beforeAll(async () => {
    instrumented = createServer(new ErrorExporter(collector).handler());
    await new Promise<void>((r) => instrumented.listen(0, '127.0.0.1', r));
    const instance = `127.0.0.1:${(instrumented.address() as AddressInfo).port}`;

    const base = { REDIS_URL: testRedisUrl() };
    // Pushes need the resolver role: the batch jobs below carry a token, as the README shows.
    const gatewayConfig = join(dir, 'pushgateway.yaml');
    writeFileSync(gatewayConfig, `services: []\nauth:\n  tokens:\n    - { name: batch-jobs, token_env: PERISKOP_PUSH_TOKEN, role: resolver }\n`);
    gateway = await AppProcess.start('pushgateway', { ...base, CONFIG_FILE: gatewayConfig, PUSH_NAMESPACE: uniqueName('e2e'), PUSH_JOB_IDLE: '1h', PERISKOP_PUSH_TOKEN: PUSH_TOKEN });
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `services:\n` +
        `- name: ${nodeService}\n  static_configs:\n  - targets: ['${instance}']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n` +
        `- name: ${batchService}\n  static_configs:\n  - targets: ['127.0.0.1:${gateway.port}']\n  scraper:\n    endpoint: /-/errors\n    refresh_interval: 1s\n`,
    );
    const env = { ...base, CONFIG_FILE: config };
    api = await AppProcess.start('api', env);
    apps.push(gateway, api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await new Promise((r) => instrumented?.close(r));
  });

  it("a scraped service: the API shows the collector's counts under its periskop-go keys", async () => {
    class CheckoutError extends Error {}
    const fail = () => {
      throw new CheckoutError('payment declined');
    };
    let key = '';
    for (let i = 0; i < 7; i++) {
      try {
        fail();
      } catch (err) {
        key = collector.report(err, { httpContext: { method: 'POST', url: '/pay', headers: { authorization: 'Bearer x' } } });
      }
    }
    expect(key).toMatch(/^CheckoutError@[0-9a-f]{1,8}$/);
    await untilCount(nodeService, key, 7);
    for (let i = 0; i < 5; i++) collector.report(new CheckoutError('payment declined'), { key: 'declined' });
    await untilCount(nodeService, 'declined', 5);
    const [aggregate] = (await errorsOf(nodeService)).filter((a) => a.aggregation_key === key);
    expect(aggregate.latest_errors[0].http_context?.request_headers).toEqual({ authorization: '[redacted]' });
    expect(await countOf(nodeService, key)).toBe(7);
  });

  it('a job pushing its cumulative export after each of 25 errors shows 25; the same push again counts once', async () => {
    const job = new ErrorCollector();
    const exporter = new ErrorExporter(job);
    for (let i = 0; i < 25; i++) {
      job.report(new Error('row rejected'), { key: 'import-row-rejected', severity: 'warning' });
      await exporter.push(gateway.url, { job: 'nightly-import', token: PUSH_TOKEN });
    }
    await untilCount(batchService, 'import-row-rejected', 25);
    await exporter.push(gateway.url, { job: 'nightly-import', token: PUSH_TOKEN });
    await exporter.push(gateway.url, { job: 'nightly-import', token: PUSH_TOKEN });
    await expect(exporter.push(gateway.url, { job: 'nightly-import' })).rejects.toThrow(/HTTP 401/);
    await new Promise((r) => setTimeout(r, 2500)); // two more scrape cycles
    const [aggregate] = (await errorsOf(batchService)).filter((a) => a.aggregation_key === 'import-row-rejected');
    expect([aggregate.total_count, aggregate.severity]).toEqual([25, 'warning']);
    // The gateway exports its latest 10; scrapes during the pushes may have seen earlier ones too.
    const uuids = aggregate.latest_errors.map((o) => o.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(uuids.length).toBeGreaterThanOrEqual(10);
    expect(uuids.length).toBeLessThanOrEqual(25);
  });

  it.each([
    ['an uncaught exception', 'RangeError', "setTimeout(() => { throw new RangeError('batch ran out of range'); }, 10);"],
    ['an unhandled rejection', 'URIError', "Promise.reject(new URIError('batch met a bad URI'));"],
  ])('a batch job that dies of %s reports through the process hooks and pushes before exiting 1', async (_what, errorClass, failure) => {
    const script = join(dir, `dying-job-${errorClass}.js`);
    writeFileSync(
      script,
      `const { ErrorCollector, ErrorExporter, installProcessHooks } = require(${JSON.stringify(BUILT_CLIENT)});\n` +
        `const collector = new ErrorCollector();\n` +
        `installProcessHooks(collector, { flush: () => new ErrorExporter(collector).push(process.argv[2], { job: 'dying', token: process.env.PERISKOP_PUSH_TOKEN }) });\n` +
        `${failure}\n`,
    );
    const child = spawn(process.execPath, [script, gateway.url], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PERISKOP_PUSH_TOKEN: PUSH_TOKEN } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain(`${errorClass}: batch`);
    const found = await eventually(async () => (await errorsOf(batchService)).find((a) => a.latest_errors[0]?.error.class === errorClass), 30_000, 'the crash in the API');
    expect(found.total_count).toBe(1);
  });
});

describe('the built periskop-node package', () => {
  it('resolves by require and import through its exports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-node-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(BUILT_CLIENT, join(dir, 'node_modules', 'periskop-node'), 'dir');
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: dir });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(out))));
      });
    const probe = 'const c = new ErrorCollector(); c.report(new Error("x")); console.log(JSON.parse(new ErrorExporter(c).export()).aggregated_errors[0].total_count)';
    expect(await run(['-e', `const { ErrorCollector, ErrorExporter } = require('periskop-node'); ${probe}`])).toBe('1');
    expect(await run(['--input-type=module', '-e', `import { ErrorCollector, ErrorExporter } from 'periskop-node'; ${probe}`])).toBe('1');
    expect(require(BUILT_CLIENT).ErrorCollector).toEqual(expect.any(Function));
  });

  it('gives a forked worker its own target_uuid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-node-fork-'));
    const worker = join(dir, 'worker.js');
    writeFileSync(
      worker,
      `const { collector } = require(${JSON.stringify(join(dir, 'shared.js'))});\n` +
        `collector.report(new Error('in the worker'));\n` +
        `process.send({ uuid: collector.targetUuid, count: collector.snapshot().aggregated_errors.length });\n`,
    );
    writeFileSync(join(dir, 'shared.js'), `const { ErrorCollector } = require(${JSON.stringify(BUILT_CLIENT)});\nexports.collector = new ErrorCollector();\n`);
    const parent = require(join(dir, 'shared.js')).collector as ErrorCollector;
    parent.report(new Error('in the parent'));
    parent.report(new Error('in the parent again'));
    const child = fork(worker);
    const answer = await new Promise<{ uuid: string; count: number }>((r) => child.once('message', (m) => r(m as { uuid: string; count: number })));
    await new Promise((r) => child.once('exit', r));
    expect(answer.uuid).not.toBe(parent.targetUuid);
    expect(answer.count).toBe(1);
    expect(parent.snapshot().aggregated_errors).toHaveLength(2);
  });
});
