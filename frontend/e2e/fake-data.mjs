// Deterministic demo data for the throwaway fake API (screenshots and manual checks only).
// Shapes follow libs/wire/src/api.types.ts; nothing here is used by the dashboard itself.

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CLASSES = [
  ['TimeoutError', 'upstream request to inventory-svc timed out after 3000ms'],
  ['KeyError', "'customer_id'"],
  ['ValueError', 'invalid literal for int() with base 10: "abc"'],
  ['java.lang.NullPointerException', 'Cannot invoke "String.length()" because "name" is null'],
  ['ConnectionResetError', '[Errno 104] Connection reset by peer'],
  ['PG::UniqueViolation', 'duplicate key value violates unique constraint "orders_pkey"'],
  ['RedisError', 'OOM command not allowed when used memory > maxmemory'],
  ['HttpError', '502 Bad Gateway from payments-gateway'],
  ['ZeroDivisionError', 'division by zero'],
  ['JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)'],
];

export function buildServices(now) {
  const services = {
    checkout: makeErrors('checkout', 1234, now, 1),
    payments: makeErrors('payments', 7, now, 2),
    'search-api': [],
    'mock-target': makeErrors('mock-target', 3, now, 3),
  };
  // Keys that must survive the round trip through links and DELETE.
  const special = services.checkout;
  special[0] = {
    ...special[0],
    aggregation_key: 'TypeError@render (app/views/cart.js:42) 50% of /cart',
    latest_class: 'TypeError',
    latest_message: '<img src=x onerror=alert(1)>',
    status: 'regressed',
    count_since_resolved: 17,
    regressed_at: now - 600,
    resolved_at: now - 7200,
    resolve_count: 1,
    severity: 'error',
    last_seen: now - 3,
  };
  special[1] = { ...special[1], aggregation_key: 'ValueError@a/b c', status: 'new', first_seen: now - 300, created_at: now - 300, last_seen: now - 20 };
  return services;
}

function makeErrors(service, n, now, seed) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const [cls, msg] = CLASSES[Math.floor(r() * CLASSES.length)];
    const sevRoll = r();
    const severity = sevRoll < 0.65 ? 'error' : sevRoll < 0.9 ? 'warning' : 'info';
    const created = now - Math.floor(r() * 30 * 86400);
    const last = Math.max(created, now - Math.floor(r() ** 3 * 3 * 86400));
    const count = Math.floor(r() ** 4 * 50000) + 1;
    const trend = Array.from({ length: 24 }, (_, h) => (r() < 0.6 ? Math.floor(r() * (h + 4) * (severity === 'error' ? 6 : 2)) : 0));
    out.push({
      aggregation_key: `${cls.split('.').pop()}@${hex(r)}`,
      total_count: count,
      severity,
      created_at: created,
      first_seen: created,
      last_seen: last,
      latest_class: cls,
      latest_message: msg,
      status: 'active',
      resolved_at: null,
      regressed_at: null,
      resolve_count: 0,
      count_since_resolved: count,
      trend,
    });
  }
  return out;
}

function hex(r) {
  return Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0');
}

export function occurrences(summary, now) {
  const r = rng(summary.aggregation_key.length * 7919);
  return Array.from({ length: Math.min(100, summary.total_count) }, (_, i) => ({
    error: {
      class: summary.latest_class,
      message: summary.latest_message,
      stacktrace: [
        `  File "/srv/app/handlers/cart.py", line ${40 + i}, in checkout`,
        '    total = compute_total(cart)',
        '  File "/srv/app/pricing.py", line 88, in compute_total',
        '    return sum(item.price * item.qty for item in cart.items) / cart.discount',
      ],
      cause:
        i % 2 === 0
          ? {
              class: 'ConnectionError',
              message: 'pool exhausted (size=20)',
              stacktrace: ['  at Pool.acquire (pool.js:120)', '  at Client.query (client.js:48)'],
              cause: { class: 'SocketTimeout', message: 'connect ETIMEDOUT 10.0.4.17:5432', stacktrace: null, cause: null },
            }
          : null,
    },
    uuid: `5b1f${i.toString(16).padStart(4, '0')}-9c7e-4f1a-8d2b-${hex(r).padEnd(12, '0')}`,
    timestamp: summary.last_seen - i * 37,
    severity: summary.severity,
    http_context:
      i % 3 === 2
        ? null
        : {
            request_method: i % 3 === 0 ? 'POST' : 'GET',
            request_url: i % 3 === 0 ? 'https://shop.example.com/api/cart/checkout?ref=mail' : '/api/cart?id=42',
            request_headers: {
              Host: 'shop.example.com',
              'Content-Type': 'application/json',
              'User-Agent': "curl/8.5.0 it's me",
              'X-Request-Id': `req-${hex(r)}`,
            },
            request_body: i % 3 === 0 ? JSON.stringify({ cart: 42, coupon: "O'Brien <b>10</b>" }) : '',
          },
  }));
}

export function targets(now) {
  const mk = (svc, host, status, extra = {}) => ({
    endpoint: `${host}/errors`,
    url: `http://${host}/errors`,
    labels: { __address__: host, instance: host, job: svc, ...(extra.labels ?? {}) },
    discovered_labels: { __address__: host, __meta_dns_name: `${svc}.internal`, __meta_dns_srv_record_target: host },
    health: {
      status,
      last_scrape: status === 'unknown' ? null : now - Math.floor(host.length % 9),
      duration_ms: status === 'up' ? 12 + host.length : status === 'down' ? 3000 : null,
      error: status === 'down' ? (extra.error ?? 'connect ECONNREFUSED 10.0.4.17:7777') : null,
      target_uuid: status === 'up' ? `uuid-${host}` : null,
      aggregates: status === 'up' ? 12 : null,
      refused: extra.refused ?? [],
    },
  });
  return {
    checkout: [
      mk('checkout', '10.0.4.11:7777', 'up', { labels: { zone: 'eu-west-1a' } }),
      mk('checkout', '10.0.4.12:7777', 'up', { labels: { zone: 'eu-west-1b' }, refused: ['aggregate "bad@1": total_count is not a number'] }),
      mk('checkout', '10.0.4.17:7777', 'down', { labels: { zone: 'eu-west-1c' } }),
    ],
    payments: [mk('payments', '10.0.5.2:8080', 'up'), mk('payments', '10.0.5.3:8080', 'down', { error: 'HTTP 500 from /errors: <html>Internal Server Error</html>' })],
    'search-api': [mk('search-api', 'search-0.search:7777', 'unknown')],
    'mock-target': [mk('mock-target', 'localhost:7777', 'up')],
  };
}
