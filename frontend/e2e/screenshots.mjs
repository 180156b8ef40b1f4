#!/usr/bin/env node
// Takes screenshots of every page against a running dashboard (default: the fake API on
// :4300) for a visual check. Usage: node frontend/e2e/screenshots.mjs [baseUrl] [only]
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:4300';
const only = process.argv[3];
const out = fileURLToPath(new URL('./screenshots/', import.meta.url));
const key = 'TypeError@render (app/views/cart.js:42) 50% of /cart';

const shots = [
  { name: 'services', path: '/#/' },
  { name: 'errors', path: '/#/checkout' },
  { name: 'errors-search', path: '/#/checkout?q=timeout&sort=count' },
  { name: 'detail', path: `/#/checkout/errors/${encodeURIComponent(key)}`, full: true },
  { name: 'detail-slash', path: `/#/checkout/errors/${encodeURIComponent('ValueError@a/b c')}` },
  { name: 'targets', path: '/#/targets' },
  { name: 'unknown-service', path: '/#/nope' },
  { name: 'unknown-key', path: '/#/checkout/errors/nope' },
];
const viewports = [
  { tag: 'desktop', width: 1280, height: 720, dark: false },
  { tag: 'dark', width: 1280, height: 720, dark: true },
  { tag: 'phone', width: 390, height: 844, dark: false, mobile: true },
];

await mkdir(out, { recursive: true });
const browser = await launchChromium();
const errors = [];
try {
  for (const vp of viewports) {
    const context = await browser.newContext({
      viewport: { width: vp.width, height: vp.height },
      colorScheme: vp.dark ? 'dark' : 'light',
      isMobile: !!vp.mobile,
      hasTouch: !!vp.mobile,
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${vp.tag}: ${e.message}`));
    page.on('dialog', (d) => { errors.push(`dialog opened: ${d.message()}`); void d.dismiss(); });
    for (const shot of shots) {
      if (only && !shot.name.includes(only)) continue;
      await page.goto(base + shot.path);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      const file = `${out}${shot.name}-${vp.tag}.png`;
      await page.screenshot({ path: file, fullPage: !!shot.full });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
if (errors.length) {
  console.error('Problems seen in the page:\n' + errors.join('\n'));
  process.exitCode = 1;
}
