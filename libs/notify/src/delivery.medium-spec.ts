import { aggregate, eventually, occurrence, payload } from '@periskop/test-harness';
import { StoreFixture } from '../../store/src/testing/store-fixture';
import { LoopbackReceiver } from '../test/loopback-receiver';
import { newQueueName, notificationSettings, NotifyInstance } from '../test/notify-fixture';
import type { WebhookMessage } from './deliver/webhook-message';

/**
 * Publisher → BullMQ → worker → a real HTTP receiver on loopback, on the test redis-server.
 * Events are driven by calling the publisher as the scraper does after a merge.
 */
describe('notification delivery (real Redis, loopback receivers)', () => {
  const KEY = 'TimeoutError@checkout/pay (api.js:12)';
  let receiver: LoopbackReceiver;
  let store: StoreFixture;
  const instances: NotifyInstance[] = [];

  const settingsFor = (port: number, repeat = '1h') =>
    notificationSettings(`external_url: https://periskop.example.com/
receivers:
  - name: team-slack
    slack: { webhook_url: http://127.0.0.1:${port}/slack }
  - name: oncall
    webhook: { url: http://127.0.0.1:${port}/hook, headers: { X-Source: periskop } }
routes:
  - events: [new]
    receiver: team-slack
    repeat_interval: ${repeat}
  - match: { severities: [error] }
    events: [regression]
    receiver: oncall
    repeat_interval: ${repeat}
`);

  const instance = (port: number, repeat?: string, now?: () => number) => {
    const created = new NotifyInstance(settingsFor(port, repeat), queueName, now);
    instances.push(created);
    return created;
  };
  let queueName: string;

  beforeEach(async () => {
    receiver = await new LoopbackReceiver().start();
    store = new StoreFixture();
    queueName = newQueueName();
    // The key exists in the store as the merge left it: the message shows its class, message and counts.
    const now = Date.now();
    await store.merge(payload('u1', [aggregate(KEY, 7, [occurrence('o1', new Date(now - 1000), { error: { class: 'TimeoutError', message: 'upstream took 30 s', stacktrace: [], cause: null } })])]));
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.close()));
    await receiver.stop();
    await store.close();
  });

  it('sends a new error to Slack as Block Kit with a deep link button', async () => {
    const notify = instance(receiver.port);
    await notify.publisher.publish(store.service, [{ key: KEY, delta: 7, severity: 'error', event: 'new' }]);
    const [message] = await eventually(async () => (receiver.on('/slack').length > 0 ? receiver.on('/slack') : undefined), 20_000, 'the Slack message');
    const body = message.body as { text: string; blocks: Array<{ text?: { text: string }; fields?: Array<{ text: string }>; [field: string]: unknown }> };
    const link = `https://periskop.example.com/#/${store.service}/errors/${encodeURIComponent(KEY)}`;
    expect(body.text).toBe(`New error in ${store.service}: TimeoutError: upstream took 30 s`);
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `New error in ${store.service}` } });
    expect(body.blocks[1].text?.text).toContain('*TimeoutError: upstream took 30 s*');
    const fields = (body.blocks[2].fields as Array<{ text: string }>).map((f) => f.text);
    expect(fields).toEqual([
      `*Service*\n${store.service}`,
      `*Key*\n\`${KEY}\``,
      '*Severity*\nerror',
      '*Count*\n7 (+7)',
      expect.stringMatching(/^\*First seen\*\n<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-/),
      expect.stringMatching(/^\*Last seen\*\n<!date\^\d+\^/),
    ]);
    expect(body.blocks[3]).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Periskop' }, url: link, action_id: 'open-error' }] });
    expect(await notify.counter('periskop_notifications_sent_total', { receiver: 'team-slack', event: 'new' })).toBe(1);
    expect((await notify.log.latest(store.service))[0]).toMatchObject({ receiver: 'team-slack', event: 'new', aggregation_key: KEY, outcome: 'sent', attempt: 1 });
  });

  it('sends a regression to the generic webhook as documented JSON with its headers', async () => {
    const notify = instance(receiver.port);
    await notify.publisher.publish(store.service, [{ key: KEY, delta: 3, severity: 'error', event: 'regression' }]);
    const [message] = await eventually(async () => (receiver.on('/hook').length > 0 ? receiver.on('/hook') : undefined), 20_000, 'the webhook call');
    expect(message.headers['x-source']).toBe('periskop');
    expect(message.headers['content-type']).toBe('application/json');
    const body = message.body as WebhookMessage;
    expect(body).toEqual({
      version: '1',
      event: 'regression',
      service: store.service,
      aggregation_key: KEY,
      severity: 'error',
      error: { class: 'TimeoutError', message: 'upstream took 30 s' },
      total_count: 7,
      delta: 3,
      first_seen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_seen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      url: `https://periskop.example.com/#/${store.service}/errors/${encodeURIComponent(KEY)}`,
      spike: null,
      receiver: 'oncall',
    });
  });

  it('sends exactly one message per event with two publishers and two workers on one Redis', async () => {
    const a = instance(receiver.port);
    const b = instance(receiver.port);
    const change = { key: KEY, delta: 7, severity: 'error', event: 'new' as const };
    // Both "scrapers" report the same event at once, each several times over.
    await Promise.all([a, b, a, b].map((n) => n.publisher.publish(store.service, [change])));
    await eventually(async () => (receiver.on('/slack').length > 0 ? true : undefined), 20_000, 'the message');
    await a.drained();
    expect(receiver.on('/slack')).toHaveLength(1);
    const sent = (await a.counter('periskop_notifications_sent_total', {})) + (await b.counter('periskop_notifications_sent_total', {}));
    expect(sent).toBe(1);
  });

  it('holds repeat_interval: one message per key and event within it, the next after it', async () => {
    const notify = instance(receiver.port, '2s');
    const regression = { key: KEY, delta: 1, severity: 'error', event: 'regression' as const };
    await notify.publisher.publish(store.service, [regression]);
    await notify.publisher.publish(store.service, [regression]);
    // Another key is not held by the first one's window.
    await notify.publisher.publish(store.service, [{ ...regression, key: 'other-key' }]);
    await eventually(async () => (receiver.on('/hook').length >= 2 ? true : undefined), 20_000, 'two messages');
    await notify.drained();
    expect((receiver.on('/hook') as Array<{ body: WebhookMessage }>).map((r) => r.body.aggregation_key).sort()).toEqual([KEY, 'other-key'].sort());
    // Once the window has passed, the same key and event are told again.
    await eventually(async () => ((await notify.redis.exists(`periskop:{${store.service}}:nrep:regression:${KEY}`)) === 0 ? true : undefined), 10_000, 'the window to pass');
    await notify.publisher.publish(store.service, [regression]);
    await eventually(async () => (receiver.on('/hook').length === 3 ? true : undefined), 20_000, 'the third message');
  });

  it('delays the messages of a receiver that is down and delivers them when it is back', async () => {
    const notify = instance(receiver.port);
    await receiver.stop();
    // The publisher only enqueues: a receiver that is down costs the scrape nothing.
    await notify.publisher.publish(store.service, [{ key: KEY, delta: 7, severity: 'error', event: 'new' }]);
    await eventually(async () => ((await notify.counter('periskop_notifications_failed_total', { receiver: 'team-slack', reason: 'network' })) >= 3 ? true : undefined), 20_000, 'failed attempts');
    expect(receiver.received).toHaveLength(0);
    await receiver.start(); // the same port: the receiver came back
    await eventually(async () => (receiver.on('/slack').length === 1 ? true : undefined), 20_000, 'the delayed message');
    await notify.drained();
    expect(receiver.on('/slack')).toHaveLength(1);
    const log = await notify.log.latest(store.service);
    expect(log[0]).toMatchObject({ outcome: 'sent', receiver: 'team-slack' });
    expect(log[0].attempt).toBeGreaterThan(3);
    expect(log.slice(1).every((r) => r.outcome === 'failed' && /ECONNREFUSED/.test(r.error ?? ''))).toBe(true);
  });

  it('drops and counts a message older than a day', async () => {
    const dayAgo = Date.now() - 25 * 3_600_000;
    const notify = instance(receiver.port, '1h', () => dayAgo);
    await notify.publisher.publish(store.service, [{ key: KEY, delta: 7, severity: 'error', event: 'new' }]);
    await eventually(async () => ((await notify.counter('periskop_notifications_failed_total', { receiver: 'team-slack', reason: 'expired' })) === 1 ? true : undefined), 20_000, 'the drop');
    await notify.drained();
    expect(receiver.received).toHaveLength(0);
    expect((await notify.log.latest(store.service))[0]).toMatchObject({ outcome: 'dropped' });
  });

  it('sends nothing for a change no route asks for', async () => {
    const notify = instance(receiver.port);
    await notify.publisher.publish(store.service, [
      { key: KEY, delta: 7, severity: 'warning', event: 'regression' },
      { key: KEY, delta: 1, severity: 'error', event: null },
    ]);
    expect(await notify.queue.queue.count()).toBe(0);
  });
});
