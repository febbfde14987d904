import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { MERCH, signIn } from './helpers';

/** "€1234.56" → 123456 cents. */
const cents = (text: string) => Number(text.replace(/[^\d]/g, ''));

async function homeValue(page: Page) {
  await page.goto('/inventory');
  return {
    total: cents(await page.getByTestId('stock-value-total').innerText()),
    ber: cents((await page.getByTestId('stock-value-BER').innerText()).split(' ')[0]!),
  };
}

test('a merchandiser gives a SKU a barcode and cost, receives a purchase order by scanning, sees the stock value change, and reads the valuation as of a date with its CSV', async ({
  page,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  // A demo SKU gets a barcode (unique per variant) and a unit cost, both edited inline on its product.
  // A seeded product with variants (the newest product may be another spec's, with none).
  await page.goto(`/catalog?q=${encodeURIComponent('Ava Linen A-Line Skirt')}`);
  await page.locator('a[href^="/catalog/products/"]:not([href$="/new"])').first().click();
  const row = page.locator('[data-testid^="variant-row-"]').first();
  const sku = (await row.getAttribute('data-testid'))!.replace('variant-row-', '');
  const barcode = `20${String(Date.now()).slice(-11)}`;
  await row.getByLabel(`Barcode of ${sku}`).fill(barcode);
  await row.getByLabel(`Unit cost of ${sku}`).fill('18.00');
  await row.getByRole('button', { name: `Save ${sku}` }).click();
  await expect(row.getByRole('status')).toHaveText(`${sku} saved.`);

  const before = await homeValue(page);
  expect(before.total).toBeGreaterThan(0);

  // Order 5 at 20.00 for Berlin.
  await page.goto('/inventory/purchase-orders');
  const po = page.getByRole('form', { name: 'New purchase order' });
  await po.getByLabel('Deliver to', { exact: true }).selectOption({ label: 'Berlin warehouse' });
  // The SKU combobox: found by its barcode, picked with the keyboard, added as a line.
  const combo = po.getByRole('combobox', { name: 'Find a SKU' });
  await combo.fill(barcode);
  const options = po.getByRole('listbox', { name: 'Matching SKUs' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText(sku);
  await expect(options.first()).toContainText('available');
  await combo.press('ArrowDown');
  await combo.press('Enter');
  await expect(combo).toHaveAttribute('aria-expanded', 'false');
  await expect(po.getByLabel(/Lines/)).toHaveValue(`${sku} 1`);
  // Every bad line is reported at once, each naming its line.
  await po.getByLabel(/Lines/).fill(`${sku} 5 20.00\nNOPE-SKU 2\n${sku} x`);
  await po.getByRole('button', { name: 'Create order' }).click();
  await expect(po.getByText('Line 2: unknown SKU NOPE-SKU.')).toBeVisible();
  await expect(po.getByText(/^Line 3: write the SKU/)).toBeVisible();
  await po.getByLabel(/Lines/).fill(`${sku} 5 20.00`);
  await po.getByRole('button', { name: 'Create order' }).click();
  await expect(page.getByTestId('po-result')).toContainText('was created');
  const number = /PO-\d+/.exec(await page.getByTestId('po-result').innerText())![0];
  await page.getByRole('link', { name: number, exact: true }).click();
  await expect(page.getByTestId(`po-line-${sku}`)).toContainText('€20.00');

  // A keyboard-wedge scanner: the barcode's keystrokes, then Enter. Three scans, one unknown code.
  const scan = page.getByTestId('receive-scan-input');
  const feedback = page.getByTestId('receive-scan-feedback');
  await expect(feedback).toHaveAttribute('aria-live', 'polite');
  for (let i = 1; i <= 3; i++) {
    await scan.click();
    await page.keyboard.type(barcode);
    await page.keyboard.press('Enter');
    await expect(feedback).toContainText(`${sku}: ${i} of 5`);
  }
  await expect(page.getByLabel(`Receive ${sku}`)).toHaveValue('3');
  await scan.click();
  await page.keyboard.type('0000000000000');
  await page.keyboard.press('Enter');
  await expect(feedback).toHaveText('Unknown barcode 0000000000000: not on this order. Nothing was added.');
  // Enter in the scan box never submitted the form.
  await expect(page.getByTestId('receive-result')).not.toContainText('Received');
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  await expect(page.getByTestId('receive-result')).toHaveText('Received; the rest is still expected.');
  await expect(page.getByTestId(`po-line-${sku}`)).toContainText('3');

  // 3 units at 20.00 added: the total grows by 60.00 (each level rounds its value to the cent).
  const after = await homeValue(page);
  expect(Math.abs(after.total - before.total - 6000)).toBeLessThanOrEqual(3);
  expect(after.ber).toBeGreaterThan(before.ber);

  // The valuation as of today equals the value now; as of two days ago (before the demo stock existed) there is
  // none. Not yesterday: a run that seeds before midnight UTC and gets here after it has its stock on yesterday.
  await page.getByTestId('valuation-link').click();
  await expect(page).toHaveURL(/\/inventory\/valuation/);
  expect(cents(await page.getByTestId('valuation-total').innerText())).toBe(after.total);
  const today = new Date().toISOString().slice(0, 10);
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('valuation-date').fill(twoDaysAgo);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`at=${twoDaysAgo}`));
  await expect(page.getByText(`No stock on ${twoDaysAgo}`)).toBeVisible();
  expect(cents(await page.getByTestId('valuation-total').innerText())).toBe(0);

  // The CSV: streamed, one row per level with stock, the received SKU at Berlin among them.
  const csv = await page.request.get(`/api/inventory/valuation?at=${today}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const [header, ...lines] = Papa.parse<string[]>((await csv.text()).trim()).data;
  expect(header).toEqual(['as_of', 'sku', 'product', 'location', 'on_hand', 'average_cost', 'value']);
  const berlin = lines.find((c) => c[1] === sku && c[3] === 'BER');
  expect(berlin?.[0]).toBe(today);
  const sum = lines.reduce((s, c) => s + Math.round(Number(c.at(-1)) * 100), 0);
  expect(sum).toBe(after.total);
  // Counting by scanning: each scan adds one to the SKU's line; an unknown code says so.
  await page.goto('/inventory/count');
  const countScan = page.getByTestId('count-scan-input');
  for (let i = 0; i < 2; i++) {
    await countScan.click();
    await page.keyboard.type(barcode);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('count-scan-feedback')).toContainText(sku);
  }
  await expect(page.getByLabel(/Counted/)).toHaveValue(`${sku} 2`);
  await countScan.click();
  await page.keyboard.type('0000000000000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('count-scan-feedback')).toHaveText('Unknown barcode 0000000000000. Nothing was added.');

  // A malformed date is a 400 with a field error, not a 500.
  const bad = await page.request.get('/api/inventory/valuation?at=yesterday');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fieldErrors.at[0]).toBe('Enter a date like 2026-01-31.');
});
