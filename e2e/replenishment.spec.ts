import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MERCH, signIn, SKU_LINK } from './helpers';

const SUPPLIER = 'Mill & Thread';

/** Serious or critical axe findings on the current page (contrast included), as "rule: targets". */
async function axeProblems(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Light and dark, desktop and phone screenshots (test-results/ keeps them for review), each scanned by axe. */
async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    // The theme follows the system preference at load: reload under it.
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      await page.screenshot({ path: test.info().outputPath(`${name}-${scheme}-${width}.png`), fullPage: true });
    }
    expect(await axeProblems(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
}

test('low stock → select a row → draft purchase orders → order → receive part → close short: incoming and its expected date go', async ({
  page,
}) => {
  // A ceiling for hangs: four axe scans and eight full-page screenshots take minutes on a loaded 2-core machine.
  test.setTimeout(900_000);
  await signIn(page, MERCH.email, MERCH.password);
  // A seeded SKU stocked at Berlin; give it a reordering rule that makes it low, ordered from a known supplier.
  await page.goto('/inventory?q=');
  const link = page.getByTestId('stock-table').getByRole('link', { name: SKU_LINK }).nth(11);
  const sku = (await link.innerText()).trim();
  const skuPage = (await link.getAttribute('href'))!;
  await page.goto(skuPage);
  const row = page.getByTestId(`stock-${sku}-BER`);
  const available = Number((await row.getByTestId('available').innerText()).split(' ')[0]);
  const incomingBefore = (await row.getByTestId('incoming').innerText()).trim();
  const rule = page.getByRole('form', { name: 'Reorder settings at Berlin warehouse' });
  await rule.getByLabel('Reorder point at Berlin warehouse').fill(String(available + 5));
  await rule.getByLabel('Order up to at Berlin warehouse').fill(String(available + 20));
  await rule.getByLabel('Pack size at Berlin warehouse').fill('4');
  await rule.getByLabel('Supplier').selectOption({ label: SUPPLIER });
  await rule.getByRole('button', { name: 'Save' }).click();
  await expect(rule.getByText('Reorder settings saved.')).toBeVisible();

  // Low stock: select the row and draft.
  await page.goto('/inventory/low-stock?window=7');
  const low = page.getByTestId(`low-${sku}-BER`);
  await expect(low).toBeVisible();
  const suggested = Number(await low.getByTestId('suggested').innerText());
  expect(suggested % 4).toBe(0);
  expect(suggested).toBeGreaterThan(0);
  await low.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Draft purchase orders' }).click();
  await expect(page.getByTestId('draft-result')).toContainText('draft purchase order');
  const number = /PO-\d+/.exec(await page.getByTestId('draft-result').innerText())![0];
  // Drafting the same row again orders nothing twice.
  await page.reload();
  await expect(low.getByTestId('suggested')).toHaveText('—');
  await low.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Draft purchase orders' }).click();
  await expect(page.getByTestId('draft-result')).toContainText('Nothing to order');

  // Review the draft and order it: it was drafted for the supplier, expected after its lead time.
  await page.goto('/inventory/purchase-orders?status=draft');
  await page.getByRole('link', { name: number, exact: true }).click();
  await expect(page.getByRole('heading', { name: number })).toBeVisible();
  await expect(
    page.getByText(new RegExp(`${SUPPLIER} → Berlin warehouse · expected \\d{4}-\\d{2}-\\d{2}`)),
  ).toBeVisible();
  const expected = /expected (\d{4}-\d{2}-\d{2})/.exec(await page.getByText(/· expected/).innerText())![1]!;
  await page.getByRole('button', { name: 'Mark as ordered' }).click();
  await expect(page.getByTestId('po-status')).toHaveText('ordered');
  const poPage = page.url();

  // The next expected date and its order show on low stock and on the SKU page, linked.
  await page.goto('/inventory/low-stock');
  const next = page.getByTestId(`next-${sku}-BER`);
  await expect(next).toContainText(`due ${expected}`);
  await expect(next.getByRole('link', { name: number })).toHaveAttribute('href', new URL(poPage).pathname);
  await shoot(page, 'low-stock');
  await page.goto(skuPage);
  await expect(page.getByTestId(`next-${sku}-BER`)).toContainText(number);
  await expect(page.getByTestId(`stock-${sku}-BER`).getByTestId('cover')).toBeVisible();
  await shoot(page, 'sku');

  // Receive one unit, then close the rest short.
  await page.goto(poPage);
  for (const input of await page.getByRole('textbox', { name: /^Receive / }).all()) await input.fill('0');
  await page.getByLabel(`Receive ${sku}`).fill('1');
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  await expect(page.getByTestId('receive-result')).toHaveText('Received; the rest is still expected.');
  await page.reload();
  await page.getByRole('button', { name: 'Close short' }).click();
  // The form goes with the status it served; the page says what was cancelled.
  await expect(page.getByTestId('po-status')).toHaveText('closed short');
  await expect(page.getByTestId('closed-short-note')).toContainText(`${suggested - 1} units cancelled`);

  // Incoming is back to what it was, and the order no longer shows as expected.
  await page.goto(skuPage);
  await expect(page.getByTestId(`stock-${sku}-BER`).getByTestId('incoming')).toHaveText(incomingBefore);
  await expect(page.getByTestId(`stock-${sku}-BER`)).not.toContainText(number);
});
