import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually, ROOT } from '@periskop/test-harness';

/** Waits until `probe` answers true; an exception counts as "not yet". */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000, intervalMs = 150): Promise<void> {
  await eventually(async () => ((await probe()) ? true : undefined), timeoutMs, what, intervalMs);
}

/** The dashboard in one browser page: where its pages are and what its tables show. */
export class DashboardPage {
  constructor(
    readonly page: Page,
    readonly base: string,
    /** When set, `shot` writes docs/screenshot-<name>.png. */
    private readonly screenshots: boolean,
  ) {}

  errorsUrl(service: string, query = ''): string {
    return `${this.base}/#/${service}${query}`;
  }

  detailUrl(service: string, key: string): string {
    return `${this.base}/#/${service}/errors/${encodeURIComponent(key)}`;
  }

  rows(): Locator {
    return this.page.locator('tr.mat-mdc-row');
  }

  async rowKeys(): Promise<string[]> {
    return (await this.page.locator('tr.mat-mdc-row .key').allTextContents()).map((k) => k.trim());
  }

  async rowCounts(): Promise<number[]> {
    return (await this.page.locator('tr.mat-mdc-row td.count').allTextContents()).map((c) => Number(c.trim().split(/\s/)[0].replace(/[^\d]/g, '')));
  }

  async text(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').trim();
  }

  /**
   * Opens a list and waits for the answer to exactly this query: moving between queries of one
   * service keeps the previous rows on screen while the new ones load.
   */
  async openList(service: string, query = ''): Promise<void> {
    const url = this.errorsUrl(service, query);
    if (this.page.url() !== url) {
      const want = new URLSearchParams(query.replace(/^\?/, ''));
      const fresh = this.page.waitForResponse((r) => {
        const asked = new URL(r.url());
        if (asked.pathname !== `/api/services/${service}/errors` || r.status() !== 200) return false;
        const got = asked.searchParams;
        return (got.get('sort') ?? 'latest') === (want.get('sort') ?? 'latest') && got.get('severity') === want.get('severity') && got.get('q') === want.get('q');
      });
      await this.page.goto(url);
      await fresh;
    }
    await this.page.locator('mat-progress-bar.loading').waitFor({ state: 'detached' });
    await this.rows().first().waitFor();
  }

  async shot(name: string): Promise<void> {
    if (!this.screenshots) return;
    // Relative times and the live indicator settle; no animation mid-frame, no hover highlight.
    await this.page.mouse.move(0, 200);
    await this.page.waitForTimeout(400);
    await this.page.screenshot({ path: join(ROOT, 'docs', `screenshot-${name}.png`) });
  }
}
