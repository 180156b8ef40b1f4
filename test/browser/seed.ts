import type { WireAggregate, WireOccurrence, WirePayload } from '@periskop/wire';
import { aggregate, occurrence } from '@periskop/test-harness';

/**
 * What the browser tests' targets report, in the wire format: three services whose data reaches
 * Redis only through scrape → merge, as in production. Times are relative to the run's start.
 */

export const SLASH_KEY = 'java.lang.Run/ timeException@123';
export const HOSTILE_KEY = 'HostileError@render <b>';
export const HOSTILE_MESSAGE = '<img src=x onerror=alert(1)>';
export const LIVE_KEY = 'live.Counter@grows';
export const RESOLVE_KEY = 'PaymentDeclined@card/visa 4xx';
export const PAYMENT_KEYS = [RESOLVE_KEY, 'PaymentTimeout@gateway.eu', 'RefundError@ledger'];
export const INVENTORY_KEYS = 60;
export const SLASH_SAMPLES = 5;

const SEVERITIES = ['error', 'warning', 'info'];
const CLASSES = ['ValueError', 'KeyError', 'TimeoutError', 'db.ConnectionError', 'ZeroDivisionError'];

const NOW = Date.now();
const ago = (ms: number) => new Date(NOW - ms);

function created(msAgo: number): Partial<WireAggregate> {
  return { created_at: ago(msAgo).toISOString() };
}

/** checkout: the special keys (slash, hostile, cause chain, HTTP context) and the live one. */
export function checkoutPayload(liveCount: number): WirePayload {
  const slashSamples: WireOccurrence[] = [];
  for (let i = 0; i < SLASH_SAMPLES; i++) {
    slashSamples.push(
      occurrence(`slash-${i}`, ago(30_000 + i * 60_000), {
        error: {
          class: 'java.lang.RuntimeException',
          message: `checkout failed for cart ${1000 + i}`,
          stacktrace: ['java.lang.RuntimeException: checkout failed', `\tat com.shop.Checkout.pay(Checkout.java:${40 + i})`, '\tat com.shop.Api.handle(Api.java:12)'],
          cause: {
            class: 'java.io.IOException',
            message: 'connection reset by payment gateway',
            stacktrace: ['\tat com.shop.Gateway.call(Gateway.java:88)'],
            cause: { class: 'java.net.SocketException', message: 'Connection reset', stacktrace: [], cause: null },
          },
        },
        http_context: {
          request_method: 'POST',
          request_url: `https://shop.example/api/checkout?cart=${1000 + i}`,
          request_headers: { 'Content-Type': 'application/json', 'X-Request-Id': `req-${i}` },
          request_body: `{"cart":${1000 + i},"items":3}`,
        },
      }),
    );
  }
  const liveSamples: WireOccurrence[] = [];
  for (let i = 0; i < Math.min(liveCount, 20); i++) {
    liveSamples.push(
      occurrence(`live-${liveCount - i}`, ago(i === 0 && liveCount > 3 ? 1_000 : 120_000 + i * 1000), {
        error: { class: 'live.Counter', message: `tick ${liveCount - i}`, stacktrace: ['at tick (live.js:1)'], cause: null },
        severity: 'info',
      }),
    );
  }
  const hostile = occurrence('hostile-1', ago(90_000), {
    error: { class: 'HostileError', message: HOSTILE_MESSAGE, stacktrace: ['at render (<script>alert(2)</script>:1)'], cause: null },
    severity: 'warning',
    http_context: {
      request_method: 'GET',
      request_url: 'https://shop.example/search?q=<img src=x onerror=alert(3)>',
      request_headers: { 'User-Agent': '"><svg onload=alert(4)>' },
      request_body: '',
    },
  });
  return {
    target_uuid: 'checkout-a',
    aggregated_errors: [
      aggregate(SLASH_KEY, 17, slashSamples, created(3_600_000)),
      aggregate(HOSTILE_KEY, 2, [hostile], { severity: 'warning', ...created(7_200_000) }),
      aggregate(LIVE_KEY, liveCount, liveSamples, { severity: 'info', ...created(600_000) }),
    ],
  };
}

/** inventory: more than one page of keys, three severities, counts that do not follow recency. */
export function inventoryPayload(): WirePayload {
  const aggregates: WireAggregate[] = [];
  for (let i = 0; i < INVENTORY_KEYS; i++) {
    const cls = CLASSES[i % CLASSES.length];
    const severity = SEVERITIES[i % 3];
    const sample = occurrence(`inv-${i}`, ago(60_000 + i * 45_000), {
      error: { class: cls, message: `item ${i} could not be reserved`, stacktrace: [`at reserve (inventory.py:${i + 1})`], cause: null },
      severity,
    });
    aggregates.push(aggregate(`${cls}@inventory/sku ${String(i).padStart(2, '0')}`, ((i * 37) % 97) + 1, [sample], { severity, ...created(86_400_000 - i * 60_000) }));
  }
  return { target_uuid: 'inventory-1', aggregated_errors: aggregates };
}

export function paymentsPayload(): WirePayload {
  return {
    target_uuid: 'payments-1',
    aggregated_errors: PAYMENT_KEYS.map((key, i) =>
      aggregate(
        key,
        3 + i,
        [occurrence(`pay-${i}`, ago(20_000 + i * 10_000), { error: { class: key.split('@')[0], message: `payment problem ${i}`, stacktrace: [], cause: null }, severity: SEVERITIES[i] })],
        { severity: SEVERITIES[i], ...created(500_000) },
      ),
    ),
  };
}

/** The highest count in the inventory, the first row when sorted by count. */
export function inventoryMaxCount(): number {
  return Math.max(...(inventoryPayload().aggregated_errors ?? []).map((a) => a.total_count));
}
