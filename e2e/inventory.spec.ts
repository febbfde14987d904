import { expect, test, type Page } from '@playwright/test';
import { MERCH, SUPPORT, signIn, unique, SKU_LINK } from './helpers';

/** The on-hand and available numbers of a SKU at a location, as the SKU page shows them. */
async function stockAt(page: Page, sku: string, code: string) {
  const row = page.getByTestId(`stock-${sku}-${code}`);
  return {
    onHand: Number(await row.getByTestId('on-hand').innerText()),
    available: Number((await row.getByTestId('available').innerText()).split(' ')[0]),
  };
}

test('a merchandiser receives a purchase order, transfers part of it, sees both locations and the history, cannot go below zero, and sees low stock', async ({
  page,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  // A demo SKU stocked at Berlin; its page shows every location.
  await page.goto('/inventory?q=&low=');
  const link = page.getByTestId('stock-table').getByRole('link', { name: SKU_LINK }).nth(3);
  const sku = (await link.innerText()).trim();
  const skuPage = (await link.getAttribute('href'))!;
  await page.goto(skuPage);
  const before = { ber: await stockAt(page, sku, 'BER'), par: await stockAt(page, sku, 'PAR') };

  // Restock: a purchase order for Berlin, received in full.
  await page.goto('/inventory/purchase-orders');
  const po = page.getByRole('form', { name: 'New purchase order' });
  await po.getByLabel('Deliver to', { exact: true }).selectOption({ label: 'Berlin warehouse' });
  await po.getByLabel(/Lines/).fill(`${sku} 10`);
  await po.getByRole('button', { name: 'Create order' }).click();
  await expect(page.getByTestId('po-result')).toContainText('was created');
  const number = /PO-\d+/.exec(await page.getByTestId('po-result').innerText())![0];
  await page.getByRole('link', { name: number, exact: true }).click();
  await expect(page.getByTestId(`po-line-${sku}`)).toBeVisible();
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  await expect(page.getByTestId('receive-result')).toHaveText('Received in full.');

  // Transfer 4 to Paris: in transit, then received.
  await page.goto('/inventory/transfers');
  const tr = page.getByRole('form', { name: 'New transfer' });
  await tr.getByLabel('From', { exact: true }).selectOption({ label: 'Berlin warehouse' });
  await tr.getByLabel('To', { exact: true }).selectOption({ label: 'Paris store' });
  await tr.getByLabel(/Lines/).fill(`${sku} 4`);
  await tr.getByRole('button', { name: 'Ship transfer' }).click();
  await expect(page.getByTestId('transfer-result')).toContainText('is in transit');
  const tNumber = /T-\d+/.exec(await page.getByTestId('transfer-result').innerText())![0];
  await page.goto(skuPage);
  await expect(page.getByTestId(`stock-${sku}-PAR`).getByTestId('incoming')).toHaveText('4');
  await page.goto('/inventory/transfers');
  await page
    .getByRole('form', { name: `Receive ${tNumber}` })
    .getByRole('button', { name: 'Receive' })
    .click();
  await expect(page.getByTestId(`transfer-${tNumber}`)).toContainText('received');

  // Both locations and the history.
  await page.goto(skuPage);
  expect(await stockAt(page, sku, 'BER')).toEqual({
    onHand: before.ber.onHand + 6,
    available: before.ber.available + 6,
  });
  const par = await stockAt(page, sku, 'PAR');
  expect(par.onHand).toBe(before.par.onHand + 4);
  const history = page.getByTestId('movement-table');
  await expect(history.getByText('Transfer in')).toBeVisible();
  await expect(history.getByText('Transfer out')).toBeVisible();
  await expect(history.getByText('Receipt').first()).toBeVisible();

  // Below zero is refused with a clear message, and the typed values stay.
  const adjust = page.getByRole('form', { name: 'Adjust stock' });
  await adjust.getByLabel('Location', { exact: true }).selectOption({ label: 'Paris store' });
  await adjust.getByLabel('Quantity (±)').fill(String(-(par.available + 1)));
  await adjust.getByLabel('Reason', { exact: true }).selectOption('damaged');
  await adjust.getByRole('button', { name: 'Book adjustment' }).click();
  await expect(page.getByTestId('adjust-result')).toHaveText(
    `Only ${par.available} available of ${sku} at Paris store.`,
  );
  await expect(adjust.getByLabel('Quantity (±)')).toHaveValue(String(-(par.available + 1)));

  // A reorder point above what is available puts the SKU on the low-stock list.
  const reorder = page.getByRole('form', { name: 'Reorder settings at Paris store' });
  await reorder.getByLabel('Reorder point at Paris store').fill(String(par.available + 1));
  await reorder.getByRole('button', { name: 'Save' }).click();
  await expect(reorder.getByText('Reorder settings saved.')).toBeVisible();
  await page.goto('/inventory/low-stock');
  await expect(page.getByTestId(`low-${sku}-PAR`)).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('low-stock-count')).not.toHaveText('0');
});

test('an adjustment can be undone from the history', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/inventory?q=');
  const link = page.getByTestId('stock-table').getByRole('link', { name: SKU_LINK }).nth(5);
  const sku = (await link.innerText()).trim();
  await link.click();
  const before = await stockAt(page, sku, 'BER');
  const adjust = page.getByRole('form', { name: 'Adjust stock' });
  await adjust.getByLabel('Location', { exact: true }).selectOption({ label: 'Berlin warehouse' });
  await adjust.getByLabel('Quantity (±)').fill('7');
  await adjust.getByLabel('Reason', { exact: true }).selectOption('found');
  await adjust.getByRole('button', { name: 'Book adjustment' }).click();
  await expect(page.getByTestId('adjust-result')).toContainText(`On hand is now ${before.onHand + 7}`);
  await page.reload();
  await page
    .getByRole('form', { name: /^Undo movement/ })
    .first()
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect(page.getByTestId('movement-table').getByText('undone')).toBeVisible();
  expect(await stockAt(page, sku, 'BER')).toEqual(before);
});

test('a merchandiser adds and edits a location, cancels a transfer to it, and deactivates and reactivates it', async ({
  page,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  const code = `E${unique()
    .slice(-6)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '0')}`;
  const name = `Pop-up ${code}`;

  // Add, then edit; a code another location uses is a field error and the typed values stay.
  await page.goto('/inventory/locations');
  const add = page.getByRole('form', { name: 'Add location' });
  await add.getByLabel('Code').fill(code);
  await add.getByLabel('Name').fill(name);
  await add.getByRole('button', { name: 'Add location' }).click();
  await expect(add.getByText(`${name} was added.`)).toBeVisible();
  // Each row of the locations table opens its edit and status forms.
  await page.getByTestId(`location-${code}`).locator('summary').click();
  const edit = page.getByRole('form', { name: `Edit ${code}` });
  await edit.getByLabel('Code').fill('ber');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText('Another location already uses this code.').first()).toBeVisible();
  await expect(edit.getByLabel('Code')).toHaveValue('ber');
  await edit.getByLabel('Code').fill(code);
  await edit.getByLabel('Name').fill(`${name} hall`);
  await edit.getByLabel('Address').fill('Market hall, stand 4');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId(`location-${code}-result`)).toHaveText(`${name} hall was saved.`);

  // Ship 2 from Berlin to it, then cancel: Berlin gets them back, nothing stays incoming.
  await page.goto('/inventory?q=');
  const link = page.getByTestId('stock-table').getByRole('link', { name: SKU_LINK }).nth(7);
  const sku = (await link.innerText()).trim();
  const skuPage = (await link.getAttribute('href'))!;
  await page.goto(skuPage);
  const before = await stockAt(page, sku, 'BER');
  await page.goto('/inventory/transfers');
  const tr = page.getByRole('form', { name: 'New transfer' });
  await tr.getByLabel('From', { exact: true }).selectOption({ label: 'Berlin warehouse' });
  await tr.getByLabel('To', { exact: true }).selectOption({ label: `${name} hall` });
  await tr.getByLabel(/Lines/).fill(`${sku} 2`);
  await tr.getByRole('button', { name: 'Ship transfer' }).click();
  await expect(page.getByTestId('transfer-result')).toContainText('is in transit');
  const tNumber = /T-\d+/.exec(await page.getByTestId('transfer-result').innerText())![0];
  await page.goto(skuPage);
  await expect(page.getByTestId(`stock-${sku}-${code}`).getByTestId('incoming')).toHaveText('2');
  expect((await stockAt(page, sku, 'BER')).onHand).toBe(before.onHand - 2);
  await page.goto('/inventory/transfers');
  await page
    .getByRole('form', { name: `Cancel ${tNumber}` })
    .getByRole('button', { name: 'Cancel transfer' })
    .click();
  // The row re-renders as cancelled (its buttons, and so their message, go away).
  await expect(page.getByTestId(`transfer-${tNumber}`)).toContainText('cancelled');
  await expect(page.getByRole('form', { name: `Cancel ${tNumber}` })).toHaveCount(0);
  await page.goto(skuPage);
  expect(await stockAt(page, sku, 'BER')).toEqual(before);
  await expect(page.getByTestId(`stock-${sku}-${code}`).getByTestId('incoming')).toHaveText('—');
  await expect(page.getByTestId('movement-table').getByText(`cancel of transfer ${tNumber}`)).toBeVisible();

  // An order for it, then deactivate: receiving is refused by name, its stock row stays (marked), it leaves the pickers.
  await page.goto('/inventory/purchase-orders');
  const po = page.getByRole('form', { name: 'New purchase order' });
  await po.getByLabel('Deliver to', { exact: true }).selectOption({ label: `${name} hall` });
  await po.getByLabel(/Lines/).fill(`${sku} 5`);
  await po.getByRole('button', { name: 'Create order' }).click();
  await expect(page.getByTestId('po-result')).toContainText('was created');
  const poNumber = /PO-\d+/.exec(await page.getByTestId('po-result').innerText())![0];
  await page.goto('/inventory/locations');
  await page.getByTestId(`location-${code}`).locator('summary').click();
  await page
    .getByRole('form', { name: `Deactivate ${code}` })
    .getByRole('button', { name: 'Deactivate' })
    .click();
  await expect(page.getByTestId(`location-${code}-status`)).toContainText('is inactive');
  await page.goto('/inventory/purchase-orders');
  await page.getByRole('link', { name: poNumber, exact: true }).click();
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  await expect(page.getByTestId('receive-result')).toHaveText(
    `${name} hall is inactive and takes no new receipts; reactivate it first.`,
  );
  await page.goto(skuPage);
  await expect(page.getByTestId(`stock-${sku}-${code}`)).toContainText('inactive');
  await page.goto('/inventory/transfers');
  await expect(
    page
      .getByRole('form', { name: 'New transfer' })
      .getByLabel('To', { exact: true })
      .locator('option', { hasText: name }),
  ).toHaveCount(0);

  // Reactivated, it takes the receipt.
  await page.goto('/inventory/locations');
  await page.getByTestId(`location-${code}`).locator('summary').click();
  await page
    .getByRole('form', { name: `Reactivate ${code}` })
    .getByRole('button', { name: 'Reactivate' })
    .click();
  await expect(page.getByTestId(`location-${code}-status`)).toHaveText(`${name} hall is active again.`);
  await page.goto('/inventory/purchase-orders');
  await page.getByRole('link', { name: poNumber, exact: true }).click();
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  await expect(page.getByTestId('receive-result')).toHaveText('Received in full.');
});

test('support staff do not see the inventory', async ({ page }) => {
  await signIn(page, SUPPORT.email, SUPPORT.password);
  const res = await page.goto('/inventory');
  expect(res?.status()).toBe(403);
});
