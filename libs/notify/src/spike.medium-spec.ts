import { aggregate, payload } from '@periskop/test-harness';
import { notificationKeys, serviceKeys } from '@periskop/store';
import { StoreFixture } from '../../store/src/testing/store-fixture';
import { LoopbackReceiver } from '../test/loopback-receiver';
import { newQueueName, notificationSettings, NotifyInstance } from '../test/notify-fixture';
import type { WebhookMessage } from './deliver/webhook-message';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Spikes read the key's real minute trend (written by the merge script) through
 * AggregateReader: the count in `window` against the previous 24 h rate × factor.
 */
describe('spike notifications (real Redis trends)', () => {
  let receiver: LoopbackReceiver;
  let store: StoreFixture;
  let clock: number;
  const instances: NotifyInstance[] = [];
  const counts = new Map<string, number>();

  /** The key grows by `by` in a scrape at `atMs` (one target whose counter climbs). */
  const grow = async (key: string, by: number, atMs: number) => {
    const total = (counts.get(key) ?? 0) + by;
    counts.set(key, total);
    const trend = serviceKeys(store.service).trendMinutes(key);
    const before = await store.redis.hgetall(trend);
    await store.merge(payload(`u-${key}`, [aggregate(key, total)]), { address: `${key}:80` });
    // The merge buckets growth on Redis's clock (now). The test stands for a day of history, so it
    // moves this growth from the bucket the merge wrote to the minute it stands for.
    const after = await store.redis.hgetall(trend);
    const written = Object.keys(after).find((bucket) => Number(after[bucket]) - Number(before[bucket] ?? 0) === by)!;
    await store.redis
      .multi()
      .hincrby(trend, written, -by)
      .hincrby(trend, String(Math.floor(atMs / MINUTE)), by)
      .exec();
  };

  const instance = () => {
    const created = new NotifyInstance(
      notificationSettings(`receivers:
  - name: hook
    webhook: { url: http://127.0.0.1:${receiver.port}/spikes }
routes:
  - events: [spike]
    receiver: hook
    repeat_interval: 1m
spike: { window: 5m, factor: 10, min_count: 100 }
`),
      queueName,
      () => clock,
    );
    instances.push(created);
    return created;
  };
  let queueName: string;

  beforeEach(async () => {
    receiver = await new LoopbackReceiver().start();
    store = new StoreFixture();
    store.targetTtlMs = 48 * HOUR;
    queueName = newQueueName();
    counts.clear();
    clock = Math.floor(Date.now() / MINUTE) * MINUTE;
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.close()));
    await receiver.stop();
    await store.close();
  });

  it('fires once when a key crosses its threshold, and not again while it stays high', async () => {
    const [a, b] = [instance(), instance()];
    // A quiet day: one occurrence an hour.
    for (let h = 23; h >= 1; h--) await grow('hot', 1, clock - h * HOUR);
    // Below min_count is no spike, however far above the usual rate.
    await grow('hot', 50, clock - 2 * MINUTE);
    await Promise.all([a, b].map((n) => n.publisher.publish(store.service, [{ key: 'hot', delta: 50, severity: 'error', event: null }])));
    // Then the burst: both "scrapers" see it cross.
    await grow('hot', 200, clock - MINUTE);
    await Promise.all([a, b, a].map((n) => n.publisher.publish(store.service, [{ key: 'hot', delta: 200, severity: 'error', event: null }])));
    await a.drained();
    expect(receiver.on('/spikes')).toHaveLength(1);
    const body = receiver.on('/spikes')[0].body as WebhookMessage;
    expect(body).toMatchObject({ event: 'spike', aggregation_key: 'hot', delta: 200, total_count: 273 });
    expect(body.spike).toEqual({ window_seconds: 300, window_count: 250, expected_count: expect.closeTo((23 / 1435) * 5, 5) });

    // Six minutes later (another job-id window) it is still high; the route's repeat_interval has
    // passed too (its flag is removed here), so only the spike state keeps it from telling again.
    expect(await a.redis.exists(notificationKeys(store.service).spike('hot'))).toBe(1);
    await a.redis.del(notificationKeys(store.service).repeat('spike', 'hot'));
    clock += 6 * MINUTE;
    await grow('hot', 150, clock - 30_000);
    await a.publisher.publish(store.service, [{ key: 'hot', delta: 150, severity: 'error', event: null }]);
    await a.drained();
    expect(await a.queue.queue.count()).toBe(0);
    expect(receiver.on('/spikes')).toHaveLength(1);

    // Once the flag lapses (the key was not seen high for a window), the next crossing tells again.
    await a.redis.del(notificationKeys(store.service).spike('hot'));
    await a.redis.del(notificationKeys(store.service).repeat('spike', 'hot'));
    await a.publisher.publish(store.service, [{ key: 'hot', delta: 150, severity: 'error', event: null }]);
    await a.drained();
    expect(receiver.on('/spikes')).toHaveLength(2);
  });

  it('does not fire for a key that is always this busy', async () => {
    const notify = instance();
    // 100 every 5 minutes all day: the window holds min_count, but no more than usual.
    for (let k = 286; k >= 0; k--) await grow('busy', 100, clock - k * 5 * MINUTE - MINUTE);
    await notify.publisher.publish(store.service, [{ key: 'busy', delta: 100, severity: 'error', event: null }]);
    await notify.drained();
    expect(receiver.received).toHaveLength(0);
    expect(await notify.redis.exists(notificationKeys(store.service).spike('busy'))).toBe(0);
  });
});
