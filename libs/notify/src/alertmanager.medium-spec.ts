import { aggregate, eventually, occurrence, payload } from '@periskop/test-harness';
import { StoreFixture } from '../../store/src/testing/store-fixture';
import { AlertmanagerProcess, GettableAlert } from '../test/alertmanager-process';
import { newQueueName, notificationSettings, NotifyInstance } from '../test/notify-fixture';

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) started by the test: the alert must
 * arrive through `POST /api/v2/alerts` with Periskop's labels, and end when the key is resolved.
 */
describe('Alertmanager receiver (real prometheus-alertmanager)', () => {
  const KEY = 'KeyError@cart/items;x (cart.py:7)';
  let alertmanager: AlertmanagerProcess;
  let store: StoreFixture;
  let notify: NotifyInstance;

  beforeAll(async () => {
    alertmanager = await AlertmanagerProcess.start();
  }, 60_000);

  afterAll(async () => {
    await alertmanager?.stop();
  });

  beforeEach(async () => {
    store = new StoreFixture();
    const now = Date.now();
    await store.merge(payload('u1', [aggregate(KEY, 4, [occurrence('o1', new Date(now - 1000), { error: { class: 'KeyError', message: "'items'", stacktrace: [], cause: null } })])]));
    notify = instanceAt(Date.now);
  });

  const instanceAt = (now: () => number) =>
    new NotifyInstance(
      notificationSettings(`external_url: https://periskop.example.com
receivers:
  - name: am
    alertmanager: { url: ${alertmanager.url}/ }
routes:
  - receiver: am
`),
      newQueueName(),
      now,
    );

  afterEach(async () => {
    await notify.close();
    await store.close();
  });

  const alertOf = async (service: string): Promise<GettableAlert | undefined> => (await alertmanager.alerts()).find((a) => a.labels.service === service);

  it('fires an alert with the labels and deep link, and a dashboard resolve ends it', async () => {
    await notify.publisher.publish(store.service, [{ key: KEY, delta: 4, severity: 'error', event: 'new' }]);
    const alert = await eventually(() => alertOf(store.service), 20_000, 'the alert in Alertmanager');
    const link = `https://periskop.example.com/#/${store.service}/errors/${encodeURIComponent(KEY)}`;
    expect(alert.labels).toEqual({ alertname: 'PeriskopError', service: store.service, severity: 'error', aggregation_key: KEY, event: 'new' });
    expect(alert.annotations).toMatchObject({ summary: "KeyError: 'items'", message: "'items'", url: link });
    expect(alert.status.state).toBe('active');
    expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.now() + 3_600_000);

    // The API resolves the key, then tells the publisher.
    expect(await store.writer.resolve(store.service, KEY)).toBe(true);
    await notify.publisher.resolved(store.service, KEY);
    await eventually(async () => ((await alertOf(store.service)) === undefined ? true : undefined), 20_000, 'the alert to be resolved');
    expect(await notify.counter('periskop_notifications_sent_total', { receiver: 'am', event: 'resolved' })).toBeGreaterThanOrEqual(1);
  });

  it('a firing alert delivered after the key was resolved arrives already ended', async () => {
    // The event happened a minute ago, then the key was resolved before the worker got to it.
    await notify.close();
    notify = instanceAt(() => Date.now() - 60_000);
    await store.writer.resolve(store.service, KEY);
    await notify.publisher.publish(store.service, [{ key: KEY, delta: 4, severity: 'error', event: 'regression' }]);
    await notify.drained();
    expect(await notify.counter('periskop_notifications_sent_total', { receiver: 'am', event: 'regression' })).toBe(1);
    expect(await alertOf(store.service)).toBeUndefined();
  });
});
