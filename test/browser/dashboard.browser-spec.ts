import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { ApiAggregate, ErrorPage } from '@periskop/wire';
import { ROOT } from '@periskop/test-harness';
import { DESKTOP, launchChromium, PHONE } from './chromium';
import { DashboardPage, until } from './dashboard-page';
import { HOSTILE_KEY, HOSTILE_MESSAGE, INVENTORY_KEYS, inventoryMaxCount, LIVE_KEY, RESOLVE_KEY, SLASH_KEY, SLASH_SAMPLES } from './seed';
import { LABELS_SERVICE } from './labels-seed';
import { labelSteps } from './labels.steps';
import { SeededSystem } from './seeded-system';

/**
 * The dashboard in a real Chromium against the real system (see seeded-system.ts). The tests run
 * in order in one page, as a person would click through; each bounds its own time.
 * `scripts/browser-tests.js --screenshots` also writes docs/screenshot-*.png, `--keep` only starts
 * the seeded system and keeps it up until Ctrl-C.
 */
const SCREENSHOTS = process.env.PERISKOP_BROWSER_SCREENSHOTS === '1';
const KEEP = process.env.PERISKOP_BROWSER_KEEP === '1';
const VERBOSE = process.env.E2E_VERBOSE === '1';

let seeded: SeededSystem;
let context: BrowserContext | undefined;
let page: Page;
let dash: DashboardPage;
let tmp: string;
const problems: string[] = [];
const dialogs: string[] = [];

/** A test whose failure leaves a screenshot that outlives the run (the temp dir does not). */
function step(name: string, fn: () => Promise<void>, timeoutMs = 20_000): void {
  test(
    name,
    async () => {
      try {
        await fn();
      } catch (err) {
        if (page) {
          const file = join(mkdtempSync(join(tmpdir(), 'periskop-browser-failure-')), 'failure.png');
          await page.screenshot({ path: file }).catch(() => undefined);
          (err as Error).message += `\n    url: ${page.url()}\n    screenshot: ${file}`;
        }
        throw err;
      }
    },
    timeoutMs,
  );
}

async function startSystem(): Promise<void> {
  if (!existsSync(join(ROOT, 'frontend/dist/browser/index.html'))) throw new Error('frontend/dist/browser is missing: run "npm run build" first');
  const started = Date.now();
  seeded = await SeededSystem.start({ echo: VERBOSE });
  process.stdout.write(`system up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (KEEP) {
  test(
    'keeps the seeded system up until Ctrl-C',
    async () => {
      await startSystem();
      process.stdout.write(`--keep: the seeded system is on ${seeded.base} until Ctrl-C\n`);
      // scripts/browser-tests.js writes this file on Ctrl-C (jest's sandbox sees no signals).
      const stopFile = process.env.PERISKOP_BROWSER_KEEP_STOP_FILE;
      await until('Ctrl-C', async () => !!stopFile && existsSync(stopFile), 2 ** 31 - 1, 250);
      process.stdout.write('stopping the seeded system\n');
      await seeded.stop();
    },
    2 ** 31 - 1,
  );
} else {
  describe('the dashboard in Chromium against the real apps', () => {
    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'periskop-browser-'));
      await startSystem();
      context = await launchChromium(tmp);
      page = context.pages()[0] ?? (await context.newPage());
      dash = new DashboardPage(page, seeded.base, SCREENSHOTS);
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      // Only the dashboard's pages count: the provider's login page asks for a web font it cannot load here.
      page.on('console', (m) => {
        if (m.type() === 'error' && page.url().startsWith(seeded.base)) problems.push(`console: ${m.text()}`);
      });
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss().catch(() => undefined);
      });
    }, 180_000);

    afterAll(async () => {
      const bounded = (p: Promise<unknown> | undefined, ms: number) => Promise.race([p?.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
      await bounded(context?.close(), 10_000);
      await bounded(seeded?.stop(), 20_000);
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }, 40_000);

    step('services page lists every service with open errors and target health', async () => {
      await page.goto(`${seeded.base}/#/`);
      await page.locator('a.name').filter({ hasText: 'inventory' }).waitFor();
      const names = (await page.locator('a.name').allTextContents()).map((s) => s.trim()).sort();
      expect(names).toEqual(['checkout', 'inventory', 'payments', LABELS_SERVICE].sort());
      const checkout = page.locator('tr.mat-mdc-row').filter({ has: page.locator('a.name', { hasText: 'checkout' }) });
      await checkout.locator('.down').filter({ hasText: '1 down' }).waitFor();
      await page.locator('.summary a.down').filter({ hasText: '1 target down' }).waitFor();
      await dash.shot('services');
    });

    step('deep link with an encoded key containing / @ . and a space opens that error', async () => {
      await page.goto(dash.detailUrl('checkout', SLASH_KEY));
      await page.locator('h1.key').waitFor();
      expect(await dash.text(page.locator('h1.key'))).toBe(SLASH_KEY);
      await page.locator('.stats dd.big').first().filter({ hasText: '17' }).waitFor();
      expect(await dash.text(page.locator('.exception .cls').first())).toBe('java.lang.RuntimeException');
    });

    step('cause chain and HTTP request of an occurrence are shown', async () => {
      const causes = page.locator('.exception.cause');
      await causes.nth(1).waitFor();
      expect(await causes.count()).toBe(2);
      expect(await dash.text(causes.nth(0).locator('.message'))).toBe('connection reset by payment gateway');
      expect(await dash.text(causes.nth(1).locator('.cls'))).toBe('java.net.SocketException');
      const httpView = page.locator('app-http-context-view');
      await httpView.waitFor();
      const text = await dash.text(httpView);
      for (const part of ['POST', 'https://shop.example/api/checkout?cart=1000', 'X-Request-Id', 'req-0', '"cart":1000']) {
        expect(text).toContain(part);
      }
      await dash.shot('detail');
    });

    step(`occurrences page with next/prev and show the position 2/${SLASH_SAMPLES}`, async () => {
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
      expect(await page.getByRole('button', { name: 'Newer occurrence' }).isDisabled()).toBe(true);
    });

    step('hostile message, URL and header render as text: no img/svg element, no dialog', async () => {
      await page.goto(dash.detailUrl('checkout', HOSTILE_KEY));
      await page.locator('.exception .message').first().waitFor();
      expect(await dash.text(page.locator('h1.key'))).toBe(HOSTILE_KEY);
      expect(await dash.text(page.locator('.exception .message').first())).toBe(HOSTILE_MESSAGE);
      await page.locator('app-http-context-view').filter({ hasText: 'onerror=alert(3)' }).waitFor();
      await page.waitForTimeout(300); // an injected onerror would have fired by now
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), main b').length)).toBe(0);
      await dash.openList('checkout');
      const row = page.locator('tr.mat-mdc-row').filter({ hasText: HOSTILE_KEY });
      expect(await dash.text(row.locator('.message'))).toContain(HOSTILE_MESSAGE);
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
      expect(dialogs).toEqual([]);
    });

    step('an unknown service and an unknown key each say so', async () => {
      const before = problems.length;
      await page.goto(dash.errorsUrl('nope'));
      await page.locator('app-state-message').filter({ hasText: 'Unknown service “nope”' }).waitFor();
      await page.goto(dash.detailUrl('checkout', 'Nope@nowhere'));
      await page.locator('app-state-message').filter({ hasText: 'Unknown error key' }).waitFor();
      // The API answers both with 404, which Chromium logs as a failed load: expected here only.
      expect(problems.splice(before).filter((p) => !/status of 404/.test(p))).toEqual([]);
    });

    step(`the error list pages through ${INVENTORY_KEYS} keys (50 + ${INVENTORY_KEYS - 50})`, async () => {
      await dash.openList('inventory');
      await page
        .locator('.total')
        .filter({ hasText: `${INVENTORY_KEYS} errors` })
        .waitFor();
      expect(await dash.rows().count()).toBe(50);
      const first = await dash.rowKeys();
      await dash.shot('errors');
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForURL(/page=1/);
      await until('the second page', async () => (await dash.rows().count()) === INVENTORY_KEYS - 50, 10_000);
      const second = await dash.rowKeys();
      expect(second.filter((k) => first.includes(k))).toEqual([]); // the pages do not overlap
      await page.getByRole('button', { name: 'Previous page' }).click();
      await until('the first page again', async () => (await dash.rows().count()) === 50, 10_000);
    });

    step('"/" focuses the search, which sends q to the server and narrows the list', async () => {
      await dash.openList('inventory');
      const asked: (string | null)[] = [];
      const onRequest = (req: Request) => {
        if (req.url().includes('/api/services/inventory/errors')) asked.push(new URL(req.url()).searchParams.get('q'));
      };
      page.on('request', onRequest);
      try {
        await page.locator('h1').first().click();
        await page.keyboard.press('/');
        await page.keyboard.type('zerodivision');
        await page.waitForURL(/q=zerodivision/);
        await page.locator('.total').filter({ hasText: '12 errors match' }).waitFor();
        const keys = await dash.rowKeys();
        expect(keys.length).toBe(12);
        expect(keys.filter((k) => !k.startsWith('ZeroDivisionError@'))).toEqual([]);
        expect(asked).toContain('zerodivision');
      } finally {
        page.off('request', onRequest);
      }
      await page.getByRole('button', { name: 'Clear search' }).click();
      await page
        .locator('.total')
        .filter({ hasText: `${INVENTORY_KEYS} errors` })
        .waitFor();
    });

    step('severity filter shows only that severity', async () => {
      await dash.openList('inventory');
      await page
        .getByRole('radio', { name: 'Warning' })
        .or(page.locator('mat-button-toggle', { hasText: 'Warning' }).locator('button'))
        .first()
        .click();
      await page.waitForURL(/severity=warning/);
      await page.locator('.total').filter({ hasText: '20 errors match' }).waitFor();
      const severities = await page.locator('tr.mat-mdc-row .sev-bar').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
      expect(severities.length).toBe(20);
      expect(severities.filter((s) => s !== 'warning')).toEqual([]);
    });

    step('sort by count changes the order to descending counts', async () => {
      await dash.openList('inventory');
      const byLatest = await dash.rowKeys();
      const latestCounts = await dash.rowCounts();
      // The seed's counts do not already descend by recency.
      expect([...latestCounts].sort((a, b) => b - a)).not.toEqual(latestCounts);
      await page.locator('mat-select[aria-label="Sort by"]').click();
      await page.getByRole('option', { name: /count|events/i }).click();
      await page.waitForURL(/sort=count/);
      await until(
        'rows sorted by count',
        async () => {
          const counts = await dash.rowCounts();
          return counts.length === 50 && counts.every((c, i) => i === 0 || counts[i - 1] >= c);
        },
        10_000,
      );
      expect(await dash.rowKeys()).not.toEqual(byLatest);
      expect((await dash.rowCounts())[0]).toBe(inventoryMaxCount());
      await page.getByRole('button', { name: 'Sort descending' }).click();
      await page.waitForURL(/order=asc/);
      await until('rows sorted by ascending count', async () => (await dash.rowCounts())[0] === 1, 10_000);
    });

    step('keyboard: j/k move, Enter opens, Esc goes back to the list', async () => {
      await dash.openList('inventory');
      const keys = await dash.rowKeys();
      await page.locator('h1').click();
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      // The selection moves at once; the row's highlight follows at the next render.
      const selected = async () => ((await page.locator('tr.mat-mdc-row.selected .key').textContent({ timeout: 1000 })) ?? '').trim();
      await until(`the second row (${keys[1]}) to be selected`, async () => (await selected()) === keys[1], 5_000).catch(async (err: Error) => {
        throw new Error(`${err.message}; selected: ${await selected().catch(() => 'none')}`);
      });
      await page.keyboard.press('Enter');
      await page.locator('h1.key').filter({ hasText: keys[1] }).waitFor();
      await page.keyboard.press('Escape');
      await page.locator('app-error-table').waitFor();
      expect(page.url()).toMatch(/#\/inventory(\?|$)/);
    });

    step(
      'the service page lists its notification routes and each delivery, sent or failed',
      async () => {
        await dash.openList('payments');
        const routes = page.locator('app-service-notifications .routes');
        await routes.locator('li').first().waitFor();
        expect(await dash.text(routes)).toMatch(/payments-pager\s*\(webhook\):\s*new\s*· error/);
        expect(await dash.text(routes)).toMatch(/payments-team\s*\(webhook\):\s*new, regression\s*· any severity/);
        // Deliveries are read once per visit: look again until both receivers were tried.
        const deliveries = page.locator('app-service-notifications .deliveries');
        await until(
          'a sent and a failed delivery',
          async () => {
            await page.reload();
            await deliveries.locator('tr').first().waitFor({ timeout: 2_000 });
            return (await deliveries.locator('tr.sent').count()) > 0 && (await deliveries.locator('tr.failed').count()) > 0;
          },
          20_000,
          500,
        );
        expect(await dash.text(deliveries.locator('tr.failed').first())).toMatch(/payments-pager[\s\S]*503/);
        expect(await dash.text(deliveries.locator('tr.sent').first())).toMatch(/payments-team/);
        expect(await dash.text(deliveries.locator('tr.failed').first())).toContain(RESOLVE_KEY);
      },
      30_000,
    );

    step('an anonymous viewer cannot resolve: Resolve is disabled and says why, the API answers 401', async () => {
      await page.goto(dash.detailUrl('payments', RESOLVE_KEY));
      await page.locator('h1.key').filter({ hasText: RESOLVE_KEY }).waitFor();
      await page.locator('app-account-menu .name').filter({ hasText: 'anonymous' }).waitFor();
      const resolve = page.getByRole('button', { name: 'Resolve' });
      await until('Resolve to be disabled', () => resolve.isDisabled(), 5_000);
      await page.locator('.resolve-wrap').hover();
      await page.locator('.mat-mdc-tooltip').filter({ hasText: 'Anonymous visitors cannot resolve: sign in as a resolver' }).waitFor();
      const res = await fetch(`${seeded.base}/services/payments/errors/${encodeURIComponent(RESOLVE_KEY)}/`, { method: 'DELETE' });
      expect(res.status).toBe(401);
      expect((await seeded.getJson<ApiAggregate[]>('/services/payments/errors/')).map((a) => a.aggregation_key)).toContain(RESOLVE_KEY);
    });

    step(
      "a developer signs in on the OpenID provider's login page and comes back signed in as a resolver",
      async () => {
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.href.startsWith(seeded.issuer));
        await page.locator('input[name="login"]').fill('alice');
        await page.locator('input[name="password"]').fill('any password');
        await page.getByRole('button', { name: 'Sign-in' }).click();
        await page.getByRole('button', { name: 'Continue' }).click(); // the provider's consent page
        await page.waitForURL((url) => url.href.startsWith(`${seeded.base}/#/payments/errors/`));
        await page.locator('app-account-menu .name').filter({ hasText: 'alice' }).waitFor();
        expect(await dash.text(page.locator('app-account-menu .role'))).toBe('resolver');
        await until('Resolve to be enabled', async () => !(await page.getByRole('button', { name: 'Resolve' }).isDisabled()), 5_000);
      },
      30_000,
    );

    step('resolve hides the key from the active list and from the API', async () => {
      await dash.openList('payments');
      expect(await dash.rowKeys()).toContain(RESOLVE_KEY);
      await page.locator('tr.mat-mdc-row .key', { hasText: RESOLVE_KEY }).click();
      await page.locator('h1.key').filter({ hasText: RESOLVE_KEY }).waitFor();
      await page.getByRole('button', { name: 'Resolve' }).click();
      await page.waitForURL(/#\/payments(\?|$)/);
      await until(
        'the resolved key to leave the list',
        async () => {
          const keys = await dash.rowKeys();
          return keys.length === 2 && !keys.includes(RESOLVE_KEY);
        },
        10_000,
      );
      const active = await seeded.getJson<ApiAggregate[]>('/services/payments/errors/');
      expect(active.map((a) => a.aggregation_key).sort()).toEqual(['PaymentTimeout@gateway.eu', 'RefundError@ledger']);
      // The targets keep reporting the same count: still resolved a few scrapes later.
      await page.waitForTimeout(2_500);
      expect(await dash.rowKeys()).not.toContain(RESOLVE_KEY);
      const resolved = await seeded.getJson<ErrorPage>('/api/services/payments/errors?status=resolved');
      expect(resolved.items.map((i) => i.aggregation_key)).toEqual([RESOLVE_KEY]);
    });

    step('the error page says who resolved it and when; Sign out goes back to anonymous', async () => {
      await page.goto(dash.detailUrl('payments', RESOLVE_KEY));
      await page.locator('.resolved-by .who').filter({ hasText: 'alice' }).waitFor();
      expect(await dash.text(page.locator('.resolved-by .abs'))).toMatch(/^at \S/);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('app-account-menu .name').filter({ hasText: 'anonymous' }).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });

    step(
      'a live count increase shows in the list and the detail without a reload',
      async () => {
        await dash.openList('checkout');
        await page.evaluate(() => {
          (window as unknown as { noReload: boolean }).noReload = true;
        });
        const liveRow = () => page.locator('tr.mat-mdc-row').filter({ hasText: LIVE_KEY }).locator('td.count');
        expect(await dash.text(liveRow())).toBe(String(seeded.live.count));
        const inList = seeded.addLive(5);
        await until('the new count in the list', async () => (await dash.text(liveRow())) === String(inList), 15_000, 250);
        await liveRow().locator('xpath=..').locator('.key').click();
        await page.locator('h1.key').filter({ hasText: LIVE_KEY }).waitFor();
        const total = page.locator('.stats dd.big').first();
        expect(await dash.text(total)).toBe(String(inList));
        const inDetail = seeded.addLive(3);
        await until('the new count in the detail', async () => (await dash.text(total)) === String(inDetail), 15_000, 250);
        // The mark set on the window before survives: the page never reloaded.
        expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
      },
      40_000,
    );

    step('the targets page highlights the down target with its error', async () => {
      await page.goto(`${seeded.base}/#/targets`);
      const down = page.locator('tr.target-row.failing');
      await down.first().waitFor();
      expect(await down.count()).toBe(1);
      expect(await dash.text(down.locator('.endpoint'))).toContain(seeded.downAddress);
      expect(await dash.text(down.locator('.error-text'))).toMatch(/refused|ECONNREFUSED/i);
      const color = await down.locator('.status').evaluate((e) => getComputedStyle(e).color);
      const upColor = await page
        .locator('tr.target-row:not(.failing) .status')
        .first()
        .evaluate((e) => getComputedStyle(e).color);
      expect(color).not.toBe(upColor); // down is not colored as up
      await dash.shot('targets');
    });

    step('phone-sized error list has no horizontal scrolling', async () => {
      await page.setViewportSize(PHONE);
      try {
        await dash.openList('checkout');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(1); // pixels wider than the phone
        await dash.shot('phone');
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    });

    step('dark mode toggles and is remembered across a reload', async () => {
      await page.goto(dash.detailUrl('checkout', SLASH_KEY));
      await page.locator('h1.key').waitFor();
      const isDark = (want: boolean) => page.waitForFunction((w) => document.documentElement.classList.contains('dark-theme') === w, want, { timeout: 5_000 });
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await isDark(false);
      const light = await background();
      await page.getByRole('button', { name: 'Switch to dark mode' }).click();
      await isDark(true);
      await page.reload();
      await page.locator('h1.key').waitFor();
      await isDark(true);
      expect(await background()).not.toBe(light);
      await page.locator('.exception .message').first().waitFor();
      await dash.shot('dark');
      await page.getByRole('button', { name: 'Switch to light mode' }).click();
      await isDark(false);
    });

    labelSteps(step, () => dash);

    step('no page errors, console errors or dialogs during the run', async () => {
      expect(problems).toEqual([]);
      expect(dialogs).toEqual([]);
    });
  });
}
