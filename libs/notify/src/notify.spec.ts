import { attemptsFor, backoffDelay, DEFAULT_NOTIFY_TIMING, notificationJobId, routeFor, spikeFacts } from '@periskop/notify';
import { parseConfigText } from '@periskop/platform';

describe('routing', () => {
  const settings = parseConfigText(`services: []
notifications:
  receivers:
    - { name: team, webhook: { url: http://h/team } }
    - { name: rest, webhook: { url: http://h/rest } }
  routes:
    - match: { services: [checkout], severities: [error] }
      events: [new]
      receiver: team
    - receiver: rest
`).notifications;

  it.each([
    ['checkout', 'error', 'new', 'team'],
    ['checkout', 'ERROR', 'new', 'team'],
    ['checkout', 'warning', 'new', 'rest'],
    ['checkout', 'error', 'regression', 'rest'],
    ['search', 'error', 'new', 'rest'],
  ] as const)('%s %s %s goes to %s (first match wins)', (service, severity, event, receiver) => {
    expect(routeFor(settings, service, severity, event)?.receiver).toBe(receiver);
  });
});

describe('notificationJobId', () => {
  it('is one id per service, key, event and window, valid for BullMQ', () => {
    const id = notificationJobId('svc', 'a:b', 'new', 3_600_000);
    expect(notificationJobId('svc', 'a:b', 'new', 3_600_000)).toBe(id);
    expect(notificationJobId('svc', 'a:b', 'regression', 3_600_000)).not.toBe(id);
    expect(notificationJobId('svc', 'a:b', 'new', 7_200_000)).not.toBe(id);
    expect(id).not.toContain(':');
    expect(id).not.toMatch(/^\d+$/);
  });
});

describe('backoff', () => {
  it('doubles up to the cap', () => {
    const timing = { backoffDelayMs: 1000, maxBackoffMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, timing))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('allows attempts for a whole day by default', () => {
    const attempts = attemptsFor(DEFAULT_NOTIFY_TIMING);
    let waited = 0;
    for (let n = 1; n < attempts; n++) waited += backoffDelay(n, DEFAULT_NOTIFY_TIMING);
    expect(waited).toBeGreaterThanOrEqual(DEFAULT_NOTIFY_TIMING.maxMessageAgeMs);
  });
});

describe('spikeFacts', () => {
  const now = Date.UTC(2026, 0, 2, 12, 0, 30);
  const minute = (agoMinutes: number) => Math.floor(now / 60_000 - agoMinutes) * 60;

  it('counts the window and predicts it from the rest of the day', () => {
    const buckets = [
      { t: minute(0), count: 30 },
      { t: minute(4), count: 20 },
      { t: minute(5), count: 1435 },
      { t: minute(1439), count: 0 },
      { t: minute(1440), count: 999 }, // older than a day
      { t: minute(-1), count: 999 }, // after now
    ];
    expect(spikeFacts(buckets, now, { windowMs: 5 * 60_000, factor: 10, minCount: 1 })).toEqual({ windowMs: 300_000, windowCount: 50, expectedCount: 5 });
  });
});
