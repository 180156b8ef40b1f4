#!/usr/bin/env node
// Clicks through the dashboard against a running server (default: the fake API on :4300)
// and checks the interactions unit tests cannot: real hash URLs, keyboard, dark mode
// persistence, resolve, hostile text. Usage: node frontend/e2e/smoke.mjs [baseUrl]
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:4300';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
const problems = [];
page.on('pageerror', (e) => problems.push(e.message));
page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message}`);
    process.exitCode = 1;
  }
}

try {
  await step('deep link with an encoded key opens that error', async () => {
    const key = 'ValueError@a/b c';
    await page.goto(`${base}/#/checkout/errors/${encodeURIComponent(key)}`);
    await page.locator('h1.key').waitFor();
    assert.equal(await page.locator('h1.key').textContent(), key);
  });

  await step('hostile message renders as text', async () => {
    const key = 'TypeError@render (app/views/cart.js:42) 50% of /cart';
    await page.goto(`${base}/#/checkout/errors/${encodeURIComponent(key)}`);
    await page.locator('.exception .message').first().waitFor();
    assert.equal(await page.locator('.exception .message').first().textContent(), '<img src=x onerror=alert(1)>');
    assert.equal(await page.locator('main img').count(), 0);
  });

  await step('j/j/Enter opens the second error, Esc returns to the list', async () => {
    await page.goto(`${base}/#/checkout`);
    await page.locator('tr.mat-mdc-row').first().waitFor();
    const second = (await page.locator('tr.mat-mdc-row .key').nth(1).textContent()).trim();
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.locator('h1.key').waitFor();
    assert.equal(await page.locator('h1.key').textContent(), second);
    await page.keyboard.press('Escape');
    await page.locator('app-error-table').waitFor();
    assert.match(page.url(), /#\/checkout$/);
  });

  await step("the service page lists its notification routes and last deliveries", async () => {
    await page.goto(`${base}/#/checkout`);
    await page.locator('app-service-notifications .routes li').first().waitFor();
    assert.match(await page.locator('app-service-notifications .routes').textContent(), /checkout-team\s*\(slack\):\s*new, regression, spike/);
    assert.equal(await page.locator('app-service-notifications .deliveries tr').count(), 2);
    assert.match(await page.locator('app-service-notifications .deliveries tr.failed').textContent(), /HTTP 503/);
  });

  await step('search is debounced into the URL and the server query', async () => {
    await page.goto(`${base}/#/checkout`);
    await page.keyboard.press('/');
    await page.keyboard.type('zerodiv');
    await page.waitForURL(/q=zerodiv/);
    await page.locator('.total').filter({ hasText: 'match' }).waitFor();
    const keys = await page.locator('tr.mat-mdc-row .key').allTextContents();
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith('ZeroDivisionError')), keys.join());
  });

  await step('resolve removes the error from the active list', async () => {
    await page.goto(`${base}/#/payments`);
    await page.reload();
    await page.locator('tr.mat-mdc-row').first().waitFor();
    const before = await page.locator('tr.mat-mdc-row').count();
    const key = (await page.locator('tr.mat-mdc-row .key').first().textContent()).trim();
    await page.locator('tr.mat-mdc-row .key').first().click();
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForURL(/#\/payments/);
    await page.waitForFunction((n) => document.querySelectorAll('tr.mat-mdc-row').length === n - 1, before);
    assert.ok(!(await page.locator('tr.mat-mdc-row .key').allTextContents()).map((k) => k.trim()).includes(key));
  });

  await step('dark mode toggles and is remembered', async () => {
    await page.goto(`${base}/#/`);
    const dark = () => page.evaluate(() => document.documentElement.classList.contains('dark-theme'));
    const was = await dark();
    await page.getByRole('button', { name: /Switch to (dark|light) mode/ }).click();
    assert.equal(await dark(), !was);
    await page.reload();
    await page.locator('h1').waitFor();
    assert.equal(await dark(), !was);
  });

  await step('no page errors or dialogs', async () => {
    assert.deepEqual(problems, []);
  });
} finally {
  await browser.close();
}
