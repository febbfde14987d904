import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { ADMIN, MERCH, SKU_LINK, freshContext, signIn, unique } from './helpers';

/** The stock rows on screen: `stock-<sku>-<location code>` and the on-hand number, in screen order. */
async function screenRows(page: Page) {
  // One read of the whole page (row by row is 100 round trips, seconds on a loaded machine).
  return page
    .getByTestId('stock-table')
    .locator('tr[data-row]')
    .evaluateAll((rows) =>
      rows.map((r) => ({
        key: r.getAttribute('data-testid')!,
        onHand: Number(r.querySelector('[data-testid="on-hand"]')!.textContent),
      })),
    );
}

// Each test navigates several server-rendered pages; on the shared 2-core CI machine that takes longer than 30 s.
test.slow();

test('sorting a list by clicking a header puts the sort in the URL, and a reload keeps it', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/inventory');
  const header = page.getByRole('columnheader', { name: /On hand/ });
  await expect(header).toHaveAttribute('aria-sort', 'none');
  await page.getByTestId('sort-onHand').click();
  await expect(page).toHaveURL(/[?&]sort=onHand\b/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const asc = (await screenRows(page)).map((r) => r.onHand);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  await page.getByTestId('sort-onHand').click();
  await expect(page).toHaveURL(/[?&]sort=-onHand\b/);
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /On hand/ })).toHaveAttribute('aria-sort', 'descending');
  const desc = (await screenRows(page)).map((r) => r.onHand);
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  expect(desc[0]).toBeGreaterThanOrEqual(asc[asc.length - 1]!);
  // Screenshots of the shared table for review (light and dark, desktop and phone); test-results/ keeps them.
  await page.screenshot({ path: test.info().outputPath('stock-sorted-light.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('stock-sorted-dark-phone.png'), fullPage: true });
});

test('a shared view saved by one person opens for another, with its filters, sort and columns', async ({
  page,
  browser,
}) => {
  const name = `Big stock ${unique()}`;
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/inventory?sort=-available&cols=sku,location,available');
  await expect(page.getByRole('columnheader', { name: /On hand/ })).toHaveCount(0);
  await page.getByTestId('views-button').click();
  const form = page.getByRole('form', { name: 'Save this view' });
  await form.getByLabel(/Save the current filters/).fill(name);
  await form.getByLabel('Share with the team').check();
  await form.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByTestId('view-saved')).toContainText(`Saved the view "${name}"`);

  const other = await freshContext(browser);
  const admin = await other.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto('/inventory');
  await admin.getByTestId('views-button').click();
  const entry = admin.getByTestId(`view-${name}`);
  await expect(entry).toContainText('shared by');
  await entry.click();
  await expect(admin).toHaveURL(/view=[0-9a-f-]{36}/);
  await expect(admin).toHaveURL(/sort=-available/);
  await expect(admin.getByTestId('views-button')).toHaveText(new RegExp(`View: ${name}`));
  await expect(admin.getByRole('columnheader', { name: /Available/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(admin.getByRole('columnheader', { name: /On hand/ })).toHaveCount(0);
  // Not the owner: no rename or delete.
  await expect(admin.getByRole('button', { name: 'Delete view' })).toHaveCount(0);
  await other.close();
});

test('the sorted, filtered stock list exports as CSV with the rows the screen shows, in its order', async ({
  page,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/inventory');
  const firstSku = (
    await page
      .getByTestId('stock-table')
      .locator('tr[data-row]')
      .first()
      .getByRole('link', { name: SKU_LINK })
      .innerText()
  ).trim();
  const prefix = firstSku.slice(0, 3);
  await page.goto(`/inventory?q=${encodeURIComponent(prefix)}&sort=-onHand`);
  const screen = await screenRows(page);
  expect(screen.length).toBeGreaterThan(0);
  const href = await page.getByTestId('stock-csv').getAttribute('href');
  expect(href).toContain('sort=-onHand');
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const parsed = Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true });
  const csv = parsed.data.map((r) => ({ key: `stock-${r.sku}-${r.location_code}`, onHand: Number(r.on_hand) }));
  // The screen is the first page of the export, row for row.
  expect(csv.slice(0, screen.length)).toEqual(screen);
  expect(parsed.data.every((r) => r.sku!.toLowerCase().startsWith(prefix.toLowerCase()))).toBe(true);
});

/** The first link's text of each row of a data table, in screen order. */
async function rowNames(page: Page, testId: string) {
  return page
    .getByTestId(testId)
    .locator('tr[data-row]')
    .evaluateAll((rows) => rows.map((r) => (r.querySelector('a, td') as HTMLElement).innerText.trim()));
}

test('the catalog sorts by a header (URL and reload keep it), and a focused row toggles with Space', async ({
  page,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/catalog');
  const header = page.getByRole('columnheader', { name: /Product/ });
  await expect(header).toHaveAttribute('aria-sort', 'none');
  await page.getByTestId('sort-product').click();
  await expect(page).toHaveURL(/[?&]sort=name\b/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const asc = await rowNames(page, 'product-table');
  expect(asc.length).toBeGreaterThan(1);
  const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en');
  expect(asc).toEqual([...asc].sort(byName));
  await page.getByTestId('sort-product').click();
  await expect(page).toHaveURL(/[?&]sort=-name\b/);
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /Product/ })).toHaveAttribute('aria-sort', 'descending');
  const desc = await rowNames(page, 'product-table');
  expect(desc).toEqual([...desc].sort(byName).reverse());
  // The sort select of the filter form shows the same sort, and filtering keeps it.
  await expect(page.getByLabel('Sort by')).toHaveValue('-name');

  // Row selection by keyboard: the rows are one tab stop; Space toggles the focused row's checkbox.
  const first = page.getByTestId('product-table').locator('tr[data-row]').first();
  await first.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selected-count')).toHaveText('1 selected');

  // Screenshots for review: the catalog in both themes, desktop and phone.
  await page.screenshot({ path: test.info().outputPath('catalog-light-desktop.png'), fullPage: true });
  // The theme is chosen as the page loads: reload to apply the emulated scheme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await page.screenshot({ path: test.info().outputPath('catalog-dark-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('catalog-dark-phone.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await page.screenshot({ path: test.info().outputPath('catalog-light-phone.png'), fullPage: true });
});

test('the sorted supplier list exports as CSV with the rows and columns the screen shows', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/catalog/suppliers');
  await page.getByTestId('sort-leadTime').click();
  await expect(page).toHaveURL(/[?&]sort=leadTime\b/);
  await page.getByTestId('sort-leadTime').click();
  await expect(page).toHaveURL(/[?&]sort=-leadTime\b/);
  await expect(page.getByRole('columnheader', { name: /Lead time/ })).toHaveAttribute('aria-sort', 'descending');
  const screen = await rowNames(page, 'supplier-list');
  expect(screen.length).toBeGreaterThan(0);
  const href = await page.getByTestId('suppliers-csv').getAttribute('href');
  expect(href).toContain('sort=-leadTime');
  const res = await page.request.get(`${href}&cols=name,leadTime`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const parsed = Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true });
  expect(parsed.meta.fields).toEqual(['name', 'lead_time_days']);
  expect(parsed.data.map((r) => r.name)).toEqual(screen);
  const days = parsed.data.map((r) => Number(r.lead_time_days));
  expect(days).toEqual([...days].sort((a, b) => b - a));

  // Screenshots of a small list for review: both themes, desktop and phone.
  await page.screenshot({ path: test.info().outputPath('suppliers-light-desktop.png'), fullPage: true });
  // The theme is chosen as the page loads: reload to apply the emulated scheme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await page.screenshot({ path: test.info().outputPath('suppliers-dark-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('suppliers-dark-phone.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await page.screenshot({ path: test.info().outputPath('suppliers-light-phone.png'), fullPage: true });
});
