import type { Page } from 'playwright-core';
import { DashboardPage, until } from './dashboard-page';
import { LABELS_COUNTS, LABELS_KEY, LABELS_SERVICE, LABELS_V2_KEY } from './labels-seed';

type Step = (name: string, fn: () => Promise<void>, timeoutMs?: number) => void;

/** Key → count of the rows on screen, once the list shows exactly `want` keys. */
async function labelRows(dash: DashboardPage, want: string[]): Promise<Record<string, number>> {
  let rows: Record<string, number> = {};
  await until(
    `rows ${want.join(', ')}`,
    async () => {
      if (await dash.page.locator('mat-progress-bar.loading').count()) return false;
      const keys = await dash.rowKeys();
      if (keys.length !== want.length || !want.every((k) => keys.includes(k))) return false;
      const counts = await dash.rowCounts();
      rows = Object.fromEntries(keys.map((k, i) => [k, counts[i]]));
      return true;
    },
    10_000,
  );
  return rows;
}

async function chipTexts(page: Page): Promise<string[]> {
  return (await page.locator('app-label-filter-bar mat-chip').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** The label filter chips and the breakdown panel, on the storefront service (labels-seed.ts). */
export function labelSteps(step: Step, current: () => DashboardPage): void {
  step('label filter chips: the error list filtered by version counts only the targets with it', async () => {
    const dash = current();
    const { page } = dash;
    await page.goto(dash.errorsUrl(LABELS_SERVICE, '?label=version%3D2.0'));
    expect(await labelRows(dash, [LABELS_KEY, LABELS_V2_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v2, [LABELS_V2_KEY]: LABELS_COUNTS.v2Only });
    expect(await chipTexts(page)).toEqual(['version = 2.0']);
    await page.locator('.total').filter({ hasText: '2 errors match' }).waitFor();
    // Removing the chip: every target counts again.
    await page.getByRole('button', { name: 'Remove filter version=2.0' }).click();
    await until('the label to leave the URL', async () => !page.url().includes('label='), 5_000);
    expect(await labelRows(dash, [LABELS_KEY, LABELS_V2_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v1 + LABELS_COUNTS.v2, [LABELS_V2_KEY]: LABELS_COUNTS.v2Only });
    expect(await chipTexts(page)).toEqual([]);
    // The picker offers the values of the service's targets.
    await page.getByRole('button', { name: 'Filter by label' }).click();
    await page.getByRole('menuitem', { name: 'Filter by version 2.0' }).waitFor();
    await page.getByRole('menuitem', { name: 'Filter by version 1.0' }).click();
    await page.waitForURL(/label=version(%3D|=)1\.0/);
    expect(await labelRows(dash, [LABELS_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v1 });
    expect(await chipTexts(page)).toEqual(['version = 1.0']);
  });

  step('breakdown panel: both versions with their counts, and the version the error was first seen in', async () => {
    const dash = current();
    const { page } = dash;
    await page.goto(dash.detailUrl(LABELS_SERVICE, LABELS_KEY));
    const panel = page.locator('app-breakdown-panel section[data-label="version"]');
    await panel.waitFor();
    const rowsOf = () => panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => (td.textContent ?? '').trim())));
    await until('both versions in the panel', async () => (await rowsOf()).length === 2, 10_000);
    expect(await rowsOf()).toEqual([
      ['2.0', String(LABELS_COUNTS.v2)],
      ['1.0first', String(LABELS_COUNTS.v1)],
    ]);
    expect((await dash.text(panel.locator('.first-seen-in'))).replace(/\s+/g, ' ')).toBe('First seen in version 1.0');
    // The stacked trend draws this hour's occurrences of both versions.
    const trend = panel.locator('app-breakdown-trend canvas');
    await trend.waitFor();
    const summary = (await trend.getAttribute('aria-label')) ?? '';
    expect(summary).toMatch(new RegExp(`2\\.0 ${LABELS_COUNTS.v2}\\b`));
    expect(summary).toMatch(new RegExp(`1\\.0 ${LABELS_COUNTS.v1}\\b`));
    await panel.scrollIntoViewIfNeeded();
    await dash.shot('breakdown');
    // A value opens the list filtered by it.
    await panel.locator('td.value a', { hasText: '2.0' }).click();
    await page.waitForURL(/#\/storefront\?label=version(%3D|=)2\.0/);
    expect(await labelRows(dash, [LABELS_KEY, LABELS_V2_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v2, [LABELS_V2_KEY]: LABELS_COUNTS.v2Only });
    expect(await chipTexts(page)).toEqual(['version = 2.0']);
  });

  step('a deep link with a label filter survives a reload, and the way back from an error', async () => {
    const dash = current();
    const { page } = dash;
    await page.goto(dash.errorsUrl(LABELS_SERVICE, '?label=version%3D1.0'));
    expect(await labelRows(dash, [LABELS_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v1 });
    await page.reload();
    expect(await labelRows(dash, [LABELS_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v1 });
    expect(await chipTexts(page)).toEqual(['version = 1.0']);
    await page.locator('tr.mat-mdc-row .key', { hasText: LABELS_KEY }).click();
    await page.locator('h1.key').filter({ hasText: LABELS_KEY }).waitFor();
    await page.goBack();
    await page.waitForURL(/label=version(%3D|=)1\.0/);
    expect(await labelRows(dash, [LABELS_KEY])).toEqual({ [LABELS_KEY]: LABELS_COUNTS.v1 });
    expect(await chipTexts(page)).toEqual(['version = 1.0']);
  });
}
