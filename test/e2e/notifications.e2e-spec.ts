import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { parseConfigText } from '@periskop/config';
import { NotificationMetrics, NotificationPublisher, NotificationQueue, DEFAULT_NOTIFY_TIMING } from '@periskop/notify';
import { AggregateReader, AggregateWriter, healthOfMergedScrape, ServiceRegistry } from '@periskop/store';
import { normalizePayload, type ServiceNotificationsView } from '@periskop/wire';
import { aggregate, AppProcess, eventually, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { AlertmanagerProcess } from '../../libs/notify/test/alertmanager-process';

/**
 * The built apps with notifications configured: the scraper app runs the delivery worker, the
 * API's resolve tells the publisher, and the API lists routes and deliveries. A real
 * Alertmanager receives the alert and sees it resolved by a DELETE on Periskop's API.
 */
describe('notifications through the built apps', () => {
  const service = uniqueName('notified');
  const key = 'IOError@disk/full (store.go:9)';
  const redis = new Redis(testRedisUrl());
  let alertmanager: AlertmanagerProcess;
  let api: AppProcess;
  let scraper: AppProcess;
  let publisher: NotificationPublisher;
  let queue: NotificationQueue;
  let configText: string;

  beforeAll(async () => {
    alertmanager = await AlertmanagerProcess.start();
    const now = Date.now();
    const normalized = normalizePayload(payload('t1', [aggregate(key, 3, [occurrence('x1', new Date(now - 1000))])]), now);
    const writer = new AggregateWriter(redis);
    await new ServiceRegistry(redis, 3_600_000).register([service]);
    await writer.merge({
      service,
      address: 't1:80',
      url: 'http://t1:80/errors',
      cycle: 1,
      payload: normalized,
      health: healthOfMergedScrape(normalized, now, 1),
      sampleCap: 10,
      targetTtlMs: 3_600_000,
      maxKeys: 10_000,
    });
    configText = `services:
- name: ${service}
  scraper: {endpoint: /errors, refresh_interval: 1h}
notifications:
  external_url: http://periskop.test
  receivers:
    - name: am
      alertmanager: { url: ${alertmanager.url} }
  routes:
    - match: { services: [${service}] }
      events: [new, regression]
      receiver: am
auth:
  anonymous: resolver
`;
    const dir = mkdtempSync(join(tmpdir(), 'periskop-notify-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, configText);
    [api, scraper] = await Promise.all([AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: testRedisUrl() }), AppProcess.start('scraper', { CONFIG_FILE: config, REDIS_URL: testRedisUrl() })]);
    // What the scraper does after a merge that saw a new key (its call site is in the scrape path).
    queue = new NotificationQueue(redis, DEFAULT_NOTIFY_TIMING);
    publisher = new NotificationPublisher(parseConfigText(configText).notifications, queue, redis, new AggregateReader(redis), null, new NotificationMetrics(new Registry()));
  }, 90_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), scraper?.stop()]);
    await alertmanager?.stop();
    await queue?.close();
    await redis.quit();
  });

  const alert = async () => (await alertmanager.alerts()).find((a) => a.labels.service === service);

  it('delivers from the scraper app, resolves from the API, and lists both on the dashboard endpoint', async () => {
    await publisher.publish(service, [{ key, delta: 3, severity: 'error', event: 'new' }]);
    const firing = await eventually(alert, 20_000, 'the alert');
    expect(firing.labels).toMatchObject({ alertname: 'PeriskopError', aggregation_key: key, event: 'new', severity: 'error' });
    expect(firing.annotations.url).toBe(`http://periskop.test/#/${service}/errors/${encodeURIComponent(key)}`);

    const res = await fetch(`${api.url}/services/${service}/errors/${encodeURIComponent(key)}/`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    await eventually(async () => ((await alert()) === undefined ? true : undefined), 20_000, 'the alert to end');

    const view = await eventually(
      async () => {
        const v = await getJson<ServiceNotificationsView>(`${api.url}/api/services/${service}/notifications`);
        return v.deliveries.length >= 2 ? v : undefined;
      },
      20_000,
      'both deliveries listed',
    );
    expect(view.routes).toEqual([{ receiver: 'am', kind: 'alertmanager', events: ['new', 'regression'], severities: null, repeat_interval_seconds: 14_400 }]);
    expect(view.deliveries.map((d) => [d.event, d.outcome])).toEqual(
      expect.arrayContaining([
        ['resolved', 'sent'],
        ['new', 'sent'],
      ]),
    );
    const metrics = await (await fetch(`${scraper.url}/metrics`)).text();
    expect(metrics).toMatch(/periskop_notifications_sent_total\{receiver="am",event="new"[^}]*\} 1/);
  });
});
