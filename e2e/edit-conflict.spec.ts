import { expect, test, type Page } from '@playwright/test';
import { ADMIN, MERCH, freshContext, signIn, unique } from './helpers';

/** Adds a supplier as the signed-in merchandiser and returns its name. */
async function addSupplier(page: Page): Promise<string> {
  const name = `Conflict Mill ${unique()}`;
  await page.goto('/catalog/suppliers');
  const form = page.getByRole('form', { name: 'Add supplier' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Contact', { exact: true }).fill('mill@example.test');
  await form.getByRole('button', { name: 'Add supplier' }).click();
  await expect(page.getByTestId(`supplier-${name}`)).toBeVisible();
  return name;
}

/** Opens the supplier's edit form on /catalog/suppliers. */
async function openEdit(page: Page, name: string) {
  await page.goto('/catalog/suppliers');
  await page.getByTestId(`supplier-${name}`).getByText(`Edit ${name}`).click();
  const form = page.getByRole('form', { name: `Edit ${name}` });
  await expect(form).toBeVisible();
  return form;
}

test('an edit conflict with another person keeps what I typed and merges field by field', async ({ page, browser }) => {
  test.setTimeout(180_000); // two sign-ins and several page loads on a loaded machine
  await signIn(page, MERCH.email, MERCH.password);
  const name = await addSupplier(page);
  const mine = await openEdit(page, name);

  // Ada saves first, in her own browser.
  const other = await freshContext(browser);
  try {
    const ada = await other.newPage();
    await signIn(ada, ADMIN.email, ADMIN.password);
    const theirs = await openEdit(ada, name);
    await theirs.getByLabel('Contact', { exact: true }).fill('orders@mill.test');
    await theirs.getByLabel('Lead time (days)', { exact: true }).fill('21');
    await theirs.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(theirs.getByRole('status')).toHaveText(`${name} saved.`);
  } finally {
    await other.close();
  }

  await mine.getByLabel('Lead time (days)', { exact: true }).fill('30');
  await mine.getByLabel('Notes', { exact: true }).fill('Ships on Fridays');
  await mine.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(mine.getByRole('status')).toContainText(`changed by ${ADMIN.name} while you were editing`);
  const panel = mine.getByTestId('edit-conflict');
  const heading = panel.getByRole('heading', { name: `Saved meanwhile by ${ADMIN.name}` });
  await expect(heading).toBeFocused();
  // What I typed is still in the form, and shown beside theirs.
  await expect(mine.getByLabel('Notes', { exact: true })).toHaveValue('Ships on Fridays');
  await expect(panel.getByTestId('conflict-contact')).toContainText('orders@mill.test');
  await expect(panel.getByTestId('conflict-leadTimeDays')).toContainText('changed on both sides');
  await expect(panel.getByTestId('conflict-name')).toHaveCount(0);
  // Only Ada changed the contact: hers is preselected. Both changed the lead time: mine is, until I take hers.
  await expect(panel.getByLabel('Take stored for Contact')).toBeChecked();
  await expect(panel.getByLabel('Keep yours for Lead time (days)')).toBeChecked();
  await expect(panel.getByLabel('Keep yours for Notes')).toBeChecked();
  await panel.getByLabel('Take stored for Lead time (days)').check();
  await panel.getByRole('button', { name: 'Save with these choices' }).click();

  await expect(mine.getByRole('status')).toHaveText(`${name} saved.`);
  await expect(panel).toHaveCount(0);
  await page.reload();
  const row = page.getByTestId(`supplier-${name}`);
  await expect(row).toContainText('orders@mill.test');
  // The supplier table's Lead time column.
  await expect(row.locator('td[data-col="leadTime"]')).toHaveText('21 days');
  await expect(row).toContainText('Ships on Fridays');
});

test('an edit conflict with myself in another tab says so, and keeping mine saves over it', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000); // two sign-ins and several page loads on a loaded machine
  await signIn(page, MERCH.email, MERCH.password);
  const name = await addSupplier(page);
  const mine = await openEdit(page, name);

  const secondTab = await freshContext(browser);
  try {
    const tab = await secondTab.newPage();
    await signIn(tab, MERCH.email, MERCH.password);
    const there = await openEdit(tab, name);
    await there.getByLabel('Notes', { exact: true }).fill('typed in the other tab');
    await there.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(there.getByRole('status')).toHaveText(`${name} saved.`);
  } finally {
    await secondTab.close();
  }

  await mine.getByLabel('Notes', { exact: true }).fill('typed in this tab');
  await mine.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(mine.getByRole('status')).toContainText('changed by you, in another tab, while you were editing');
  const panel = mine.getByTestId('edit-conflict');
  await expect(panel.getByRole('heading', { name: 'Saved meanwhile by you, in another tab' })).toBeFocused();
  await expect(panel.getByTestId('conflict-notes')).toContainText('typed in the other tab');
  await panel.getByRole('button', { name: 'Take all theirs' }).click();
  await expect(panel.getByLabel('Take stored for Notes')).toBeChecked();
  await panel.getByRole('button', { name: 'Keep all mine' }).click();
  await panel.getByRole('button', { name: 'Save with these choices' }).click();
  await expect(mine.getByRole('status')).toHaveText(`${name} saved.`);
  await page.reload();
  await expect(page.getByTestId(`supplier-${name}`)).toContainText('typed in this tab');
});
