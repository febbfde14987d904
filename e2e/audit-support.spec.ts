import { expect, test } from '@playwright/test';
import { ADMIN, MERCH, SUPPORT, freshContext, signIn, unique } from './helpers';

test('the audit log names and links every kind of subject and filters by person, entity type and dates', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000); // two sign-ins and several page loads on a loaded machine
  // Mona adds a supplier: one audit row by her today.
  const name = `Audited Mill ${unique()}`;
  const merch = await freshContext(browser);
  try {
    const mona = await merch.newPage();
    await signIn(mona, MERCH.email, MERCH.password);
    await mona.goto('/catalog/suppliers');
    const form = mona.getByRole('form', { name: 'Add supplier' });
    await form.getByLabel('Name').fill(name);
    await form.getByRole('button', { name: 'Add supplier' }).click();
    await expect(mona.getByTestId(`supplier-${name}`)).toBeVisible();
  } finally {
    await merch.close();
  }

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/audit');
  const entity = page.getByLabel('Entity');
  // Every audited entity type is offered.
  for (const label of [
    'Staff accounts',
    'Products',
    'Categories',
    'Suppliers',
    'Locations',
    'Stock levels',
    'Transfers',
    'Purchase orders',
    'Surveys',
    'Size chart',
    'API keys',
  ]) {
    await expect(entity.locator('option', { hasText: label })).toHaveCount(1);
  }
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Person').selectOption({ label: `${MERCH.name} (${MERCH.email})` });
  await entity.selectOption({ label: 'Suppliers' });
  await page.getByLabel('From', { exact: true }).fill(today);
  await page.getByLabel('To', { exact: true }).fill(today);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?actor=[0-9a-f-]{36}&entity=supplier&from=${today}&to=${today}$`));
  const list = page.getByTestId('audit-list');
  const first = list.locator('tr').first();
  await expect(first).toContainText(`${MERCH.name} created supplier ${name}`);
  await expect(first.getByRole('link', { name })).toHaveAttribute('href', '/catalog/suppliers');
  for (const item of await list.locator('tr').all()) await expect(item).toContainText(MERCH.name);

  // Surveys are named by title and link to their builder (the seed's demo survey).
  await page.goto('/audit?entity=survey');
  const survey = page.getByTestId('audit-list').getByRole('link', { name: 'Autumn fit check' }).first();
  await expect(survey).toHaveAttribute('href', /^\/surveys\/[0-9a-f-]{36}$/);
  await survey.click();
  await expect(page).toHaveURL(/\/surveys\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Autumn fit check' })).toBeVisible({ timeout: 60_000 }); // the builder is heavy

  // A day with nothing: the empty state. Parameters that do not parse: ignored, not an error.
  await page.goto('/audit?from=2001-01-01&to=2001-01-02');
  await expect(page.getByText('No changes recorded yet')).toBeVisible();
  const bad = await page.goto('/audit?entity=robots&actor=nobody&from=2026-13-45&before=-1');
  expect(bad?.status()).toBe(200);
  await expect(page.getByLabel('Entity')).toHaveValue('');
  await expect(page.getByLabel('Person')).toHaveValue('');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('');
  await expect(page.getByTestId('audit-list').locator('tr').first()).toBeVisible();
});

test('support staff start from the failing users: Home leads with them and opens a timeline', async ({ page }) => {
  test.setTimeout(180_000); // two sign-ins and several page loads on a loaded machine
  await signIn(page, SUPPORT.email, SUPPORT.password);
  await expect(page).toHaveURL(/\/$/);
  const first = page.locator('main h2').first();
  await expect(first).toHaveText('Failing users, last 7 days');
  const table = page.getByTestId('home-failing-users');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await page.getByRole('link', { name: /^Open the full list/ }).click();
  await expect(page).toHaveURL(/\/support$/);
  await expect(page.getByRole('heading', { name: 'Failing users' })).toBeVisible();
  await page.goBack();
  await table.locator('tbody tr').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/support\/users\/[^/?]+\?account=/, { timeout: 30_000 });
});
