#!/usr/bin/env node
// The dashboard in a real Chromium against the REAL system: a private redis-server, the built
// API, scheduler and scraper as processes, and loopback HTTP targets whose payloads this file
// controls (wire format). Data reaches Redis only through scrape → merge, as in production.
//
//   node frontend/e2e/run.js                 # the browser tests (npm test runs this)
//   node frontend/e2e/run.js --screenshots   # also writes docs/screenshot-*.png
//   node frontend/e2e/run.js --keep          # only starts the seeded system, until Ctrl-C
//
// Prints one line per test and ends with `N passed, N failed`; exits 1 if any failed.
// Everything is bounded: each test by a timeout, the whole run by a watchdog that kills every
// process this file started.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '../..');
const { startRedisServer, freePort } = require(join(ROOT, 'scripts/lib/redis-server.js'));

const SCREENSHOTS = process.argv.includes('--screenshots');
const KEEP = process.argv.includes('--keep');
const VERBOSE = process.argv.includes('--verbose') || !!process.env.E2E_VERBOSE;
const { CHROMIUM_PATH: CHROMIUM, CHROMIUM_ARGS } = require('./chromium-options.js');
const WATCHDOG_MS = KEEP ? 2 ** 31 - 1 : Number(process.env.E2E_WATCHDOG_MS || 150_000);
const TEST_TIMEOUT_MS = 20_000;
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

// ---------------------------------------------------------------------------------------------
// Seed data in the wire format (see libs/wire/src/payload.types.ts).

const NOW = Date.now();
const iso = (msAgo) => new Date(NOW - msAgo).toISOString();

const SLASH_KEY = 'java.lang.Run/ timeException@123';
const HOSTILE_KEY = 'HostileError@render <b>';
const HOSTILE_MESSAGE = '<img src=x onerror=alert(1)>';
const LIVE_KEY = 'live.Counter@grows';
const RESOLVE_KEY = 'PaymentDeclined@card/visa 4xx';
const INVENTORY_KEYS = 60;
const SLASH_SAMPLES = 5;

function occurrence(uuid, msAgo, error, extra = {}) {
  return { error, uuid, timestamp: iso(msAgo), severity: 'error', http_context: null, ...extra };
}

function aggregate(key, count, severity, samples, createdMsAgo) {
  return { aggregation_key: key, total_count: count, severity, created_at: iso(createdMsAgo), latest_errors: samples };
}

/** checkout: the special keys (slash, hostile, cause chain, HTTP context) and the live one. */
function checkoutPayload(liveCount) {
  const slashSamples = [];
  for (let i = 0; i < SLASH_SAMPLES; i++) {
    slashSamples.push(
      occurrence(`slash-${i}`, 30_000 + i * 60_000, {
        class: 'java.lang.RuntimeException',
        message: `checkout failed for cart ${1000 + i}`,
        stacktrace: [
          'java.lang.RuntimeException: checkout failed',
          `\tat com.shop.Checkout.pay(Checkout.java:${40 + i})`,
          '\tat com.shop.Api.handle(Api.java:12)',
        ],
        cause: {
          class: 'java.io.IOException',
          message: 'connection reset by payment gateway',
          stacktrace: ['\tat com.shop.Gateway.call(Gateway.java:88)'],
          cause: { class: 'java.net.SocketException', message: 'Connection reset', stacktrace: [], cause: null },
        },
      }, {
        severity: 'error',
        http_context: {
          request_method: 'POST',
          request_url: `https://shop.example/api/checkout?cart=${1000 + i}`,
          request_headers: { 'Content-Type': 'application/json', 'X-Request-Id': `req-${i}` },
          request_body: `{"cart":${1000 + i},"items":3}`,
        },
      }),
    );
  }
  const liveSamples = [];
  for (let i = 0; i < Math.min(liveCount, 20); i++) {
    liveSamples.push(occurrence(`live-${liveCount - i}`, i === 0 && liveCount > 3 ? 1_000 : 120_000 + i * 1000, {
      class: 'live.Counter', message: `tick ${liveCount - i}`, stacktrace: ['at tick (live.js:1)'], cause: null,
    }, { severity: 'info' }));
  }
  return {
    target_uuid: 'checkout-a',
    aggregated_errors: [
      aggregate(SLASH_KEY, 17, 'error', slashSamples, 3_600_000),
      aggregate(HOSTILE_KEY, 2, 'warning', [
        occurrence('hostile-1', 90_000, { class: 'HostileError', message: HOSTILE_MESSAGE, stacktrace: ['at render (<script>alert(2)</script>:1)'], cause: null }, {
          severity: 'warning',
          http_context: { request_method: 'GET', request_url: 'https://shop.example/search?q=<img src=x onerror=alert(3)>', request_headers: { 'User-Agent': '"><svg onload=alert(4)>' }, request_body: null },
        }),
      ], 7_200_000),
      aggregate(LIVE_KEY, liveCount, 'info', liveSamples, 600_000),
    ],
  };
}

const SEVERITIES = ['error', 'warning', 'info'];
const CLASSES = ['ValueError', 'KeyError', 'TimeoutError', 'db.ConnectionError', 'ZeroDivisionError'];

/** inventory: more than one page of keys, three severities, counts that do not follow recency. */
function inventoryPayload() {
  const aggregates = [];
  for (let i = 0; i < INVENTORY_KEYS; i++) {
    const cls = CLASSES[i % CLASSES.length];
    const severity = SEVERITIES[i % 3];
    const key = `${cls}@inventory/sku ${String(i).padStart(2, '0')}`;
    const count = ((i * 37) % 97) + 1;
    aggregates.push(
      aggregate(key, count, severity, [
        occurrence(`inv-${i}`, 60_000 + i * 45_000, { class: cls, message: `item ${i} could not be reserved`, stacktrace: [`at reserve (inventory.py:${i + 1})`], cause: null }, { severity }),
      ], 86_400_000 - i * 60_000),
    );
  }
  return { target_uuid: 'inventory-1', aggregated_errors: aggregates };
}

function paymentsPayload() {
  const keys = [RESOLVE_KEY, 'PaymentTimeout@gateway.eu', 'RefundError@ledger'];
  return {
    target_uuid: 'payments-1',
    aggregated_errors: keys.map((key, i) =>
      aggregate(key, 3 + i, SEVERITIES[i], [occurrence(`pay-${i}`, 20_000 + i * 10_000, { class: key.split('@')[0], message: `payment problem ${i}`, stacktrace: [], cause: null }, { severity: SEVERITIES[i] })], 500_000),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Processes and servers, all stopped in `shutdown()`.

const children = [];
const servers = [];
let redis;
let context;
let tmp;

function startTarget(getBody) {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const body = JSON.stringify(getBody());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.keepAliveTimeout = 1000;
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      servers.push(server);
      resolve(`127.0.0.1:${server.address().port}`);
    });
  });
}

const OIDC_CLIENT_SECRET = 'browser-test-client-secret';

function authBlock(issuer) {
  return [
    'auth:',
    '  anonymous: viewer',
    '  oidc:',
    `    issuer: ${issuer}`,
    '    client_id: periskop',
    '    client_secret_file: oidc-secret',
    '    scopes: [openid, profile, groups]',
    '    roles: { resolver: [developers] }',
    '  session:',
    '    secret_env: PERISKOP_SESSION_SECRET',
    '',
  ].join('\n');
}

/** test/harness/oidc/oidc-provider.mjs (oidc-provider, with its login and consent pages) as a child. */
async function startOidcProvider({ redirectUri, accounts }) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'test/harness/oidc/oidc-provider.mjs')], {
    env: { ...process.env, OIDC_PORT: String(port), OIDC_CLIENT_ID: 'periskop', OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS: redirectUri, OIDC_ACCOUNTS: JSON.stringify(accounts) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.appName = 'oidc-provider';
  child.output = '';
  child.stderr.on('data', (d) => { child.output += d; });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      child.output += d;
      const ready = /^ready (\S+)$/m.exec(child.output);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}:\n${child.output}`)));
  });
}

function startApp(name, env) {
  const main = join(ROOT, 'dist/apps', name, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  const keep = (d) => {
    child.output = (child.output + d.toString()).slice(-20_000);
    if (VERBOSE) process.stderr.write(`[${name}] ${d}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.appName = name;
  children.push(child);
  return child;
}

async function waitFor(what, probe, timeoutMs = 20_000, intervalMs = 150) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

async function waitForHealth(child, url) {
  await waitFor(`${child.appName} /-/health`, async () => {
    if (child.exitCode !== null) throw new Error(`${child.appName} exited with ${child.exitCode}:\n${child.output}`);
    const res = await fetch(`${url}/-/health`);
    return res.ok;
  }, 25_000, 100);
}

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function shutdown() {
  const bounded = (p, ms) => Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);
  if (context) await bounded(context.close(), 10_000);
  await bounded(Promise.all(children.map(stopChild)), 8_000);
  for (const s of servers) {
    s.closeAllConnections?.();
    s.close();
  }
  if (redis) await bounded(redis.stop(), 5_000);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

/** A hung run must never block CI: kill everything this file started and fail. */
function hardKill(reason) {
  process.stdout.write(`✗ ${reason}\n`);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (redis?.pid) try { process.kill(redis.pid, 'SIGKILL'); } catch { /* gone */ }
  const browserPid = context?.browser?.()?.process?.()?.pid ?? chromiumPid;
  if (browserPid) try { process.kill(browserPid, 'SIGKILL'); } catch { /* gone */ }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`${results.passed} passed, ${results.failed + 1} failed\n`);
  process.exit(1);
}
let chromiumPid;
let failureDir;
/** Screenshots of failed tests outlive the run (the temp dir with the config does not). */
function failures() {
  failureDir ??= mkdtempSync(join(tmpdir(), 'periskop-browser-failures-'));
  return failureDir;
}

// ---------------------------------------------------------------------------------------------
// The test list.

const results = { passed: 0, failed: 0, skipped: 0 };
const tests = [];
const test = (name, fn, opts = {}) => tests.push({ name, fn, ...opts });

async function runTests(env) {
  for (const t of tests) {
    if (t.only && !t.only()) {
      results.skipped++;
      process.stdout.write(`- ${t.name} (skipped)\n`);
      continue;
    }
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        t.fn(env),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${t.timeout ?? TEST_TIMEOUT_MS} ms`)), t.timeout ?? TEST_TIMEOUT_MS); }),
      ]);
      results.passed++;
      process.stdout.write(`✓ ${t.name} (${Date.now() - started} ms)\n`);
    } catch (err) {
      results.failed++;
      process.stdout.write(`✗ ${t.name}\n    ${String(err && err.stack ? err.message : err).split('\n').join('\n    ')}\n`);
      if (env.page) {
        const file = join(failures(), `failure-${results.failed}.png`);
        await env.page.screenshot({ path: file }).catch(() => {});
        process.stdout.write(`    url: ${env.page.url()}\n    screenshot: ${file}\n`);
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

const rows = (page) => page.locator('tr.mat-mdc-row');
const rowKeys = async (page) => (await page.locator('tr.mat-mdc-row .key').allTextContents()).map((k) => k.trim());
const rowCounts = async (page) => (await page.locator('tr.mat-mdc-row td.count').allTextContents()).map((c) => Number(c.trim().split(/\s/)[0].replace(/[^\d]/g, '')));
const errorsUrl = (env, service, query = '') => `${env.base}/#/${service}${query}`;
const detailUrl = (env, service, key) => `${env.base}/#/${service}/errors/${encodeURIComponent(key)}`;

/**
 * Opens a list and waits for the answer to exactly this query: moving between queries of one
 * service keeps the previous rows on screen while the new ones load.
 */
async function openList(env, service, query = '') {
  const { page } = env;
  const url = errorsUrl(env, service, query);
  if (page.url() !== url) {
    const want = new URLSearchParams(query.replace(/^\?/, ''));
    const fresh = page.waitForResponse((r) => {
      const asked = new URL(r.url());
      if (asked.pathname !== `/api/services/${service}/errors` || r.status() !== 200) return false;
      const got = asked.searchParams;
      return (got.get('sort') ?? 'latest') === (want.get('sort') ?? 'latest')
        && got.get('severity') === want.get('severity') && got.get('q') === want.get('q');
    });
    await page.goto(url);
    await fresh;
  }
  await page.locator('mat-progress-bar.loading').waitFor({ state: 'detached' });
  await rows(page).first().waitFor();
}

async function shot(env, name) {
  if (!SCREENSHOTS) return;
  // Relative times and the live indicator settle; no animation mid-frame.
  await env.page.mouse.move(0, 200); // no hover highlight on a control
  await env.page.waitForTimeout(400);
  await env.page.screenshot({ path: join(ROOT, 'docs', `screenshot-${name}.png`) });
}

test('services page lists every service with open errors and target health', async (env) => {
  const { page } = env;
  await page.goto(`${env.base}/#/`);
  await page.locator('a.name').filter({ hasText: 'inventory' }).waitFor();
  const names = (await page.locator('a.name').allTextContents()).map((s) => s.trim()).sort();
  assert.deepEqual(names, ['checkout', 'inventory', 'payments', LABELS_SERVICE].sort());
  const checkout = page.locator('tr.mat-mdc-row').filter({ has: page.locator('a.name', { hasText: 'checkout' }) });
  await checkout.locator('.down').filter({ hasText: '1 down' }).waitFor();
  await page.locator('.summary a.down').filter({ hasText: '1 target down' }).waitFor();
  await shot(env, 'services');
});

test('deep link with an encoded key containing / @ . and a space opens that error', async (env) => {
  const { page } = env;
  await page.goto(detailUrl(env, 'checkout', SLASH_KEY));
  await page.locator('h1.key').waitFor();
  assert.equal((await page.locator('h1.key').textContent()).trim(), SLASH_KEY);
  await page.locator('.stats dd.big').first().filter({ hasText: '17' }).waitFor();
  assert.equal((await page.locator('.exception .cls').first().textContent()).trim(), 'java.lang.RuntimeException');
});

test('cause chain and HTTP request of an occurrence are shown', async (env) => {
  const { page } = env;
  const causes = page.locator('.exception.cause');
  await causes.nth(1).waitFor();
  assert.equal(await causes.count(), 2);
  assert.equal((await causes.nth(0).locator('.message').textContent()).trim(), 'connection reset by payment gateway');
  assert.equal((await causes.nth(1).locator('.cls').textContent()).trim(), 'java.net.SocketException');
  const httpView = page.locator('app-http-context-view');
  await httpView.waitFor();
  const text = await httpView.textContent();
  for (const part of ['POST', 'https://shop.example/api/checkout?cart=1000', 'X-Request-Id', 'req-0', '"cart":1000']) {
    assert.ok(text.includes(part), `HTTP request view lacks ${part}: ${text}`);
  }
  await shot(env, 'detail');
});

test(`occurrences page with next/prev and show the position 2/${SLASH_SAMPLES}`, async (env) => {
  const { page } = env;
  const position = page.locator('.occurrence .position');
  await position.filter({ hasText: `1/${SLASH_SAMPLES}` }).waitFor();
  await page.getByRole('button', { name: 'Older occurrence' }).click();
  await position.filter({ hasText: `2/${SLASH_SAMPLES}` }).waitFor();
  await page.locator('app-http-context-view').filter({ hasText: 'req-1' }).waitFor();
  await page.getByRole('button', { name: 'Older occurrence' }).click();
  await position.filter({ hasText: `3/${SLASH_SAMPLES}` }).waitFor();
  await page.getByRole('button', { name: 'Newer occurrence' }).click();
  await position.filter({ hasText: `2/${SLASH_SAMPLES}` }).waitFor();
  await page.getByRole('button', { name: 'Newer occurrence' }).click();
  await position.filter({ hasText: `1/${SLASH_SAMPLES}` }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Newer occurrence' }).isDisabled(), true);
});

test('hostile message, URL and header render as text: no img/svg element, no dialog', async (env) => {
  const { page } = env;
  await page.goto(detailUrl(env, 'checkout', HOSTILE_KEY));
  await page.locator('.exception .message').first().waitFor();
  assert.equal((await page.locator('h1.key').textContent()).trim(), HOSTILE_KEY);
  assert.equal((await page.locator('.exception .message').first().textContent()).trim(), HOSTILE_MESSAGE);
  await page.locator('app-http-context-view').filter({ hasText: 'onerror=alert(3)' }).waitFor();
  await page.waitForTimeout(300); // an injected onerror would have fired by now
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), main b').length), 0);
  await openList(env, 'checkout');
  const row = page.locator('tr.mat-mdc-row').filter({ hasText: HOSTILE_KEY });
  assert.ok((await row.locator('.message').textContent()).includes(HOSTILE_MESSAGE));
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length), 0);
  assert.deepEqual(env.dialogs, []);
});

test(`the error list pages through ${INVENTORY_KEYS} keys (50 + ${INVENTORY_KEYS - 50})`, async (env) => {
  const { page } = env;
  await openList(env, 'inventory');
  await page.locator('.total').filter({ hasText: `${INVENTORY_KEYS} errors` }).waitFor();
  assert.equal(await rows(page).count(), 50);
  const first = await rowKeys(page);
  await shot(env, 'errors');
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForURL(/page=1/);
  await waitFor('the second page', async () => (await rows(page).count()) === INVENTORY_KEYS - 50, 10_000);
  const second = await rowKeys(page);
  assert.ok(second.every((k) => !first.includes(k)), 'pages overlap');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await waitFor('the first page again', async () => (await rows(page).count()) === 50, 10_000);
});

test('search sends q to the server and narrows the list', async (env) => {
  const { page } = env;
  await openList(env, 'inventory');
  const asked = [];
  const onRequest = (req) => { if (req.url().includes('/api/services/inventory/errors')) asked.push(new URL(req.url()).searchParams.get('q')); };
  page.on('request', onRequest);
  try {
    await page.locator('input[aria-label="Search errors"]').fill('zerodivision');
    await page.waitForURL(/q=zerodivision/);
    await page.locator('.total').filter({ hasText: '12 errors match' }).waitFor();
    const keys = await rowKeys(page);
    assert.equal(keys.length, 12);
    assert.ok(keys.every((k) => k.startsWith('ZeroDivisionError@')), keys.join());
    assert.ok(asked.includes('zerodivision'), `no request with q: ${asked.join()}`);
  } finally {
    page.off('request', onRequest);
  }
  await page.getByRole('button', { name: 'Clear search' }).click();
  await page.locator('.total').filter({ hasText: `${INVENTORY_KEYS} errors` }).waitFor();
});

test('severity filter shows only that severity', async (env) => {
  const { page } = env;
  await openList(env, 'inventory');
  await page.getByRole('radio', { name: 'Warning' }).or(page.locator('mat-button-toggle', { hasText: 'Warning' }).locator('button')).first().click();
  await page.waitForURL(/severity=warning/);
  await page.locator('.total').filter({ hasText: '20 errors match' }).waitFor();
  const severities = await page.locator('tr.mat-mdc-row .sev-bar').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  assert.equal(severities.length, 20);
  assert.ok(severities.every((s) => s === 'warning'), severities.join());
});

test('sort by count changes the order to descending counts', async (env) => {
  const { page } = env;
  await openList(env, 'inventory');
  const byLatest = await rowKeys(page);
  const latestCounts = await rowCounts(page);
  assert.notDeepEqual([...latestCounts].sort((a, b) => b - a), latestCounts, 'seed counts already descending by recency');
  await page.locator('mat-select[aria-label="Sort by"]').click();
  await page.getByRole('option', { name: /count|events/i }).click();
  await page.waitForURL(/sort=count/);
  await waitFor('rows sorted by count', async () => {
    const counts = await rowCounts(page);
    return counts.length === 50 && counts.every((c, i) => i === 0 || counts[i - 1] >= c);
  }, 10_000);
  assert.notDeepEqual(await rowKeys(page), byLatest);
  assert.equal((await rowCounts(page))[0], Math.max(...inventoryPayload().aggregated_errors.map((a) => a.total_count)));
  await page.getByRole('button', { name: 'Sort descending' }).click();
  await page.waitForURL(/order=asc/);
  await waitFor('rows sorted by ascending count', async () => (await rowCounts(page))[0] === 1, 10_000);
});

test('keyboard: j/k move, Enter opens, Esc goes back to the list', async (env) => {
  const { page } = env;
  await openList(env, 'inventory');
  const keys = await rowKeys(page);
  await page.locator('h1').click();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  // The selection moves at once; the row's highlight follows at the next render.
  const selected = async () => (await page.locator('tr.mat-mdc-row.selected .key').textContent({ timeout: 1000 }))?.trim();
  await waitFor(`the second row (${keys[1]}) to be selected`, async () => (await selected()) === keys[1], 5_000).catch(async (err) => {
    throw new Error(`${err.message}; selected: ${await selected().catch(() => 'none')}`);
  });
  await page.keyboard.press('Enter');
  await page.locator('h1.key').filter({ hasText: keys[1] }).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('app-error-table').waitFor();
  assert.match(page.url(), /#\/inventory(\?|$)/);
});

test('an anonymous viewer cannot resolve: Resolve is disabled and says why, the API answers 401', async (env) => {
  const { page } = env;
  await page.goto(detailUrl(env, 'payments', RESOLVE_KEY));
  await page.locator('h1.key').filter({ hasText: RESOLVE_KEY }).waitFor();
  await page.locator('app-account-menu .name').filter({ hasText: 'anonymous' }).waitFor();
  const resolve = page.getByRole('button', { name: 'Resolve' });
  await waitFor('Resolve to be disabled', () => resolve.isDisabled(), 5_000);
  await page.locator('.resolve-wrap').hover();
  await page.locator('.mat-mdc-tooltip').filter({ hasText: 'Anonymous visitors cannot resolve: sign in as a resolver' }).waitFor();
  const res = await fetch(`${env.api}/services/payments/errors/${encodeURIComponent(RESOLVE_KEY)}/`, { method: 'DELETE' });
  assert.equal(res.status, 401);
  assert.ok((await getJson(`${env.api}/services/payments/errors/`)).some((a) => a.aggregation_key === RESOLVE_KEY));
});

test("a developer signs in on the OpenID provider's login page and comes back signed in as a resolver", async (env) => {
  const { page } = env;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(env.issuer));
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(); // the provider's consent page
  await page.waitForURL((url) => url.href.startsWith(`${env.base}/#/payments/errors/`));
  await page.locator('app-account-menu .name').filter({ hasText: 'alice' }).waitFor();
  assert.equal((await page.locator('app-account-menu .role').textContent()).trim(), 'resolver');
  await waitFor('Resolve to be enabled', async () => !(await page.getByRole('button', { name: 'Resolve' }).isDisabled()), 5_000);
}, { timeout: 30_000 });

test('resolve hides the key from the active list and from the API', async (env) => {
  const { page } = env;
  await openList(env, 'payments');
  assert.ok((await rowKeys(page)).includes(RESOLVE_KEY));
  await page.locator('tr.mat-mdc-row .key', { hasText: RESOLVE_KEY }).click();
  await page.locator('h1.key').filter({ hasText: RESOLVE_KEY }).waitFor();
  await page.getByRole('button', { name: 'Resolve' }).click();
  await page.waitForURL(/#\/payments(\?|$)/);
  await waitFor('the resolved key to leave the list', async () => {
    const keys = await rowKeys(page);
    return keys.length === 2 && !keys.includes(RESOLVE_KEY);
  }, 10_000);
  const active = await getJson(`${env.api}/services/payments/errors/`);
  assert.deepEqual(active.map((a) => a.aggregation_key).sort(), ['PaymentTimeout@gateway.eu', 'RefundError@ledger']);
  // The targets keep reporting the same count: still resolved a few scrapes later.
  await page.waitForTimeout(2_500);
  assert.ok(!(await rowKeys(page)).includes(RESOLVE_KEY));
  const resolved = await getJson(`${env.api}/api/services/payments/errors?status=resolved`);
  assert.deepEqual(resolved.items.map((i) => i.aggregation_key), [RESOLVE_KEY]);
});

test('the error page says who resolved it and when; Sign out goes back to anonymous', async (env) => {
  const { page } = env;
  await page.goto(detailUrl(env, 'payments', RESOLVE_KEY));
  await page.locator('.resolved-by .who').filter({ hasText: 'alice' }).waitFor();
  assert.match(await page.locator('.resolved-by .abs').textContent(), /^at \S/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('app-account-menu .name').filter({ hasText: 'anonymous' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
});

test('a live count increase shows in the list and the detail without a reload', async (env) => {
  const { page } = env;
  await openList(env, 'checkout');
  await page.evaluate(() => { window.__noReload = true; });
  const liveRow = () => page.locator('tr.mat-mdc-row').filter({ hasText: LIVE_KEY }).locator('td.count');
  assert.equal((await liveRow().textContent()).trim(), String(env.live.count));
  env.live.count += 5;
  await waitFor('the new count in the list', async () => (await liveRow().textContent()).trim() === String(env.live.count), 15_000, 250);
  await liveRow().locator('xpath=..').locator('.key').click();
  await page.locator('h1.key').filter({ hasText: LIVE_KEY }).waitFor();
  const total = page.locator('.stats dd.big').first();
  assert.equal((await total.textContent()).trim(), String(env.live.count));
  env.live.count += 3;
  await waitFor('the new count in the detail', async () => (await total.textContent()).trim() === String(env.live.count), 15_000, 250);
  assert.equal(await page.evaluate(() => window.__noReload), true, 'the page reloaded');
}, { timeout: 40_000 });

test('the targets page highlights the down target with its error', async (env) => {
  const { page } = env;
  await page.goto(`${env.base}/#/targets`);
  const down = page.locator('tr.target-row.failing');
  await down.first().waitFor();
  assert.equal(await down.count(), 1);
  assert.ok((await down.locator('.endpoint').textContent()).includes(env.downAddress));
  const error = (await down.locator('.error-text').textContent()).trim();
  assert.match(error, /refused|ECONNREFUSED/i);
  const color = await down.locator('.status').evaluate((e) => getComputedStyle(e).color);
  const upColor = await page.locator('tr.target-row:not(.failing) .status').first().evaluate((e) => getComputedStyle(e).color);
  assert.notEqual(color, upColor, 'down status has the same color as up');
  await shot(env, 'targets');
});

test('phone-sized error list has no horizontal scrolling', async (env) => {
  const { page } = env;
  await page.setViewportSize(PHONE);
  try {
    await openList(env, 'checkout');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`);
    await shot(env, 'phone');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('dark mode toggles and is remembered across a reload', async (env) => {
  const { page } = env;
  await page.goto(detailUrl(env, 'checkout', SLASH_KEY));
  await page.locator('h1.key').waitFor();
  const isDark = (want) => page.waitForFunction((w) => document.documentElement.classList.contains('dark-theme') === w, want, { timeout: 5_000 });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await isDark(false);
  const light = await background();
  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await isDark(true);
  await page.reload();
  await page.locator('h1.key').waitFor();
  await isDark(true);
  assert.notEqual(await background(), light);
  await page.locator('.exception .message').first().waitFor();
  await shot(env, 'dark');
  await page.getByRole('button', { name: 'Switch to light mode' }).click();
  await isDark(false);
});

// =============================================================================================
// Labels: the label filter chips and the breakdown panel (aggregation.breakdown_labels).
// Self-contained: its own service, two targets with `version` 1.0 and 2.0, its seed and its
// tests. main() only starts the targets (startLabelsTargets), adds the config (labelsConfig)
// and waits for the seed (seedLabels).
// =============================================================================================

const LABELS_SERVICE = 'storefront';
const LABELS_KEY = 'CartError@storefront/add item';
/** Reported only by the 2.0 targets: a filter on 1.0 leaves it out. */
const LABELS_V2_KEY = 'PriceError@storefront/v2 pricing';
const LABELS_COUNTS = { v1: 3, v2: 7, v2Only: 4 };
/** The 2.0 target reports nothing until the 1.0 one is merged: the key is first seen in 1.0. */
const labelsState = { v2Reporting: false };

function labelsPayload(uuid, aggregates) {
  return {
    target_uuid: uuid,
    aggregated_errors: aggregates.map(([key, count, msAgo]) =>
      aggregate(key, count, 'error', [occurrence(`${uuid}-${key.length}-${count}`, msAgo, { class: key.split('@')[0], message: `${key} on ${uuid}`, stacktrace: ['at add (cart.js:7)'], cause: null })], 900_000),
    ),
  };
}

async function startLabelsTargets() {
  const v1 = await startTarget(() => labelsPayload('storefront-v1', [[LABELS_KEY, LABELS_COUNTS.v1, 40_000]]));
  const v2 = await startTarget(() =>
    labelsPayload('storefront-v2', labelsState.v2Reporting ? [[LABELS_KEY, LABELS_COUNTS.v2, 10_000], [LABELS_V2_KEY, LABELS_COUNTS.v2Only, 15_000]] : []),
  );
  return { v1, v2 };
}

/** Config text: the top-level aggregation block, and the service with a version label per target. */
function labelsConfig({ v1, v2 }) {
  return {
    aggregation: 'aggregation:\n  breakdown_labels: [version]\n',
    service:
      `  - name: ${LABELS_SERVICE}\n    static_configs:\n      - targets: ['${v1}']\n        labels: { version: "1.0" }\n` +
      `      - targets: ['${v2}']\n        labels: { version: "2.0" }\n    scraper:\n      endpoint: /errors\n      refresh_interval: 1s\n`,
  };
}

async function seedLabels(env) {
  const count = async (key) => (await getJson(`${env.api}/services/${LABELS_SERVICE}/errors/`)).find((a) => a.aggregation_key === key)?.total_count;
  await waitFor('the 1.0 target to be merged', async () => (await count(LABELS_KEY)) === LABELS_COUNTS.v1, 30_000, 250);
  labelsState.v2Reporting = true;
  await waitFor('the 2.0 target to be merged', async () => (await count(LABELS_KEY)) === LABELS_COUNTS.v1 + LABELS_COUNTS.v2 && (await count(LABELS_V2_KEY)) === LABELS_COUNTS.v2Only, 30_000, 250);
}

/** Key -> count of the rows on screen, once the list shows exactly `want` keys. */
async function labelRows(page, want) {
  return waitFor(`rows ${want.join(', ')}`, async () => {
    if (await page.locator('mat-progress-bar.loading').count()) return undefined;
    const keys = await rowKeys(page);
    if (keys.length !== want.length || !want.every((k) => keys.includes(k))) return undefined;
    const counts = await rowCounts(page);
    return Object.fromEntries(keys.map((k, i) => [k, counts[i]]));
  }, 10_000);
}

const chipTexts = async (page) => (await page.locator('app-label-filter-bar mat-chip').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

test('label filter chips: the error list filtered by version counts only the targets with it', async (env) => {
  const { page } = env;
  await page.goto(errorsUrl(env, LABELS_SERVICE, '?label=version%3D2.0'));
  assert.deepEqual(await labelRows(page, [LABELS_KEY, LABELS_V2_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v2, [LABELS_V2_KEY]: LABELS_COUNTS.v2Only });
  assert.deepEqual(await chipTexts(page), ['version = 2.0']);
  await page.locator('.total').filter({ hasText: '2 errors match' }).waitFor();
  // Removing the chip: every target counts again.
  await page.getByRole('button', { name: 'Remove filter version=2.0' }).click();
  await waitFor('the label to leave the URL', async () => !page.url().includes('label='), 5_000);
  assert.deepEqual(await labelRows(page, [LABELS_KEY, LABELS_V2_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v1 + LABELS_COUNTS.v2, [LABELS_V2_KEY]: LABELS_COUNTS.v2Only });
  assert.deepEqual(await chipTexts(page), []);
  // The picker offers the values of the service's targets.
  await page.getByRole('button', { name: 'Filter by label' }).click();
  await page.getByRole('menuitem', { name: 'Filter by version 2.0' }).waitFor();
  await page.getByRole('menuitem', { name: 'Filter by version 1.0' }).click();
  await page.waitForURL(/label=version(%3D|=)1\.0/);
  assert.deepEqual(await labelRows(page, [LABELS_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v1 });
  assert.deepEqual(await chipTexts(page), ['version = 1.0']);
});

test('breakdown panel: both versions with their counts, and the version the error was first seen in', async (env) => {
  const { page } = env;
  await page.goto(detailUrl(env, LABELS_SERVICE, LABELS_KEY));
  const panel = page.locator('app-breakdown-panel section[data-label="version"]');
  await panel.waitFor();
  const rowsOf = async () => (await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent.trim()))));
  await waitFor('both versions in the panel', async () => (await rowsOf()).length === 2, 10_000);
  assert.deepEqual(await rowsOf(), [['2.0', String(LABELS_COUNTS.v2)], ['1.0first', String(LABELS_COUNTS.v1)]]);
  assert.equal((await panel.locator('.first-seen-in').textContent()).replace(/\s+/g, ' ').trim(), 'First seen in version 1.0');
  // The stacked trend draws this hour's occurrences of both versions.
  const trend = panel.locator('app-breakdown-trend canvas');
  await trend.waitFor();
  const summary = await trend.getAttribute('aria-label');
  assert.match(summary, new RegExp(`2\\.0 ${LABELS_COUNTS.v2}\\b`));
  assert.match(summary, new RegExp(`1\\.0 ${LABELS_COUNTS.v1}\\b`));
  await panel.scrollIntoViewIfNeeded();
  await shot(env, 'breakdown');
  // A value opens the list filtered by it.
  await panel.locator('td.value a', { hasText: '2.0' }).click();
  await page.waitForURL(/#\/storefront\?label=version(%3D|=)2\.0/);
  assert.deepEqual(await labelRows(page, [LABELS_KEY, LABELS_V2_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v2, [LABELS_V2_KEY]: LABELS_COUNTS.v2Only });
  assert.deepEqual(await chipTexts(page), ['version = 2.0']);
});

test('a deep link with a label filter survives a reload, and the way back from an error', async (env) => {
  const { page } = env;
  await page.goto(errorsUrl(env, LABELS_SERVICE, '?label=version%3D1.0'));
  assert.deepEqual(await labelRows(page, [LABELS_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v1 });
  await page.reload();
  assert.deepEqual(await labelRows(page, [LABELS_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v1 });
  assert.deepEqual(await chipTexts(page), ['version = 1.0']);
  await page.locator('tr.mat-mdc-row .key', { hasText: LABELS_KEY }).click();
  await page.locator('h1.key').filter({ hasText: LABELS_KEY }).waitFor();
  await page.goBack();
  await page.waitForURL(/label=version(%3D|=)1\.0/);
  assert.deepEqual(await labelRows(page, [LABELS_KEY]), { [LABELS_KEY]: LABELS_COUNTS.v1 });
  assert.deepEqual(await chipTexts(page), ['version = 1.0']);
});

// ============================================================================================= (end of Labels)

test('no page errors, console errors or dialogs during the run', async (env) => {
  assert.deepEqual(env.problems, []);
  assert.deepEqual(env.dialogs, []);
});

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  tmp = mkdtempSync(join(tmpdir(), 'periskop-browser-'));
  const watchdog = setTimeout(() => hardKill(`the whole run exceeded ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS);
  watchdog.unref();

  const env = { problems: [], dialogs: [], live: { count: 3 } };
  try {
    if (!existsSync(join(ROOT, 'frontend/dist/browser/index.html'))) throw new Error('frontend/dist/browser is missing: run "npm run build" first');
    redis = await startRedisServer();

    const checkout = await startTarget(() => checkoutPayload(env.live.count));
    const inventory = await startTarget(inventoryPayload);
    const payments = await startTarget(paymentsPayload);
    env.downAddress = `127.0.0.1:${await freePort()}`; // nothing listens: connection refused
    const labels = labelsConfig(await startLabelsTargets());

    const config = join(tmp, 'periskop.yaml');
    const service = (name, targets) =>
      `  - name: ${name}\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n    scraper:\n      endpoint: /errors\n      refresh_interval: 1s\n`;
    writeFileSync(config, `${labels.aggregation}services:\n${service('checkout', [checkout, env.downAddress])}${service('inventory', [inventory])}${service('payments', [payments])}${labels.service}`);

    const apiPort = await freePort();
    env.api = `http://127.0.0.1:${apiPort}`;
    env.base = env.api;
    // Sign-in for people against a real OpenID provider: anonymous visitors read, developers resolve.
    env.issuer = await startOidcProvider({ redirectUri: `${env.api}/auth/callback`, accounts: { alice: ['developers'] } });
    writeFileSync(join(tmp, 'oidc-secret'), `${OIDC_CLIENT_SECRET}\n`);
    writeFileSync(config, `${readFileSync(config, 'utf8')}${authBlock(env.issuer)}`);
    const common = { CONFIG_FILE: config, REDIS_URL: redis.url, PERISKOP_SESSION_SECRET: 'browser-test-session-secret-0123456789' };
    const api = startApp('api', { ...common, PORT: String(apiPort) });
    const scraperPort = await freePort();
    const scraper = startApp('scraper', { ...common, PORT: String(scraperPort) });
    const schedulerPort = await freePort();
    const scheduler = startApp('scheduler', { ...common, PORT: String(schedulerPort) });
    await Promise.all([
      waitForHealth(api, env.api),
      waitForHealth(scraper, `http://127.0.0.1:${scraperPort}`),
      waitForHealth(scheduler, `http://127.0.0.1:${schedulerPort}`),
    ]);

    // Seeded through scrape → merge: wait until every service is there and the down target known.
    await waitFor('the first scrapes to be merged', async () => {
      const [inv, co, pay, targets] = await Promise.all([
        getJson(`${env.api}/services/inventory/errors/`),
        getJson(`${env.api}/services/checkout/errors/`),
        getJson(`${env.api}/services/payments/errors/`),
        getJson(`${env.api}/api/targets`),
      ]);
      const down = (targets.checkout ?? []).find((t) => t.endpoint.startsWith(env.downAddress));
      return inv.length === INVENTORY_KEYS && co.length === 3 && pay.length === 3 && down?.health.status === 'down';
    }, 30_000, 250);
    await seedLabels(env);
    process.stdout.write(`system up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    if (KEEP) {
      process.stdout.write(`--keep: the seeded system is on ${env.base} until Ctrl-C\n`);
      await new Promise(() => {}); // the SIGINT handler stops everything
    }

    const { chromium } = require('playwright-core');
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: DESKTOP,
      colorScheme: 'light',
      timezoneId: 'UTC',
      locale: 'en-US',
      timeout: 30_000,
    });
    chromiumPid = context.browser?.()?.process?.()?.pid;
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    env.page = context.pages()[0] ?? (await context.newPage());
    env.page.on('pageerror', (e) => env.problems.push(`pageerror: ${e.message}`));
    // Only the dashboard's pages count: the provider's login page asks for a web font it cannot load here.
    env.page.on('console', (m) => { if (m.type() === 'error' && env.page.url().startsWith(env.base)) env.problems.push(`console: ${m.text()}`); });
    env.page.on('dialog', (d) => { env.dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss().catch(() => {}); });

    await runTests(env);
  } catch (err) {
    results.failed++;
    const hint = /executable doesn't exist|ENOENT.*chromium/i.test(err.message) ? ' (install Chromium: apt-get install chromium, or set CHROMIUM_PATH)' : '';
    process.stdout.write(`✗ setup: ${err.message}${hint}\n`);
    for (const child of children) if (child.output) process.stdout.write(`--- ${child.appName} output ---\n${child.output.slice(-3000)}\n`);
  } finally {
    await shutdown();
    clearTimeout(watchdog);
  }
  process.stdout.write(`browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}\n`);
  process.exit(results.failed > 0 ? 1 : 0);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!KEEP) hardKill(`interrupted by ${signal}`);
    const force = setTimeout(() => hardKill('stopping took too long'), 20_000);
    void shutdown().then(() => { clearTimeout(force); process.exit(0); });
  });
}
main();
