import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The flags these machines need: no sandbox as root, no GPU, nothing that phones home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const DESKTOP = { width: 1280, height: 720 };
export const PHONE = { width: 390, height: 844 };

/** A headless Chromium with a fresh profile in `dir`, in UTC and en-US, light colors. */
export async function launchChromium(dir: string): Promise<BrowserContext> {
  try {
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: DESKTOP,
      colorScheme: 'light',
      timezoneId: 'UTC',
      locale: 'en-US',
      timeout: 30_000,
    });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    return context;
  } catch (err) {
    const hint = /executable doesn't exist|ENOENT/i.test((err as Error).message) ? ' (install Chromium: apt-get install chromium, or set CHROMIUM_PATH)' : '';
    throw new Error(`${(err as Error).message}${hint}`);
  }
}
