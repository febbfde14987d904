import { expect, test, type Page } from '@playwright/test';
import { MERCH, SUPPORT, freshContext, signIn, unique } from './helpers';

const HEADER =
  'slug,name,category,status,base_price,currency,supplier,tags,description,sku,size,colour,price_override,barcode,weight_grams,active,attr.fabric,attr.season';

async function createCategory(page: Page, name: string, attribute: { label: string; options: string }) {
  await page.goto('/catalog/categories');
  const form = page.getByRole('form', { name: 'New category' });
  await form.getByLabel('Category name').fill(name);
  await form.getByRole('button', { name: 'Add attribute' }).click();
  await form.getByLabel('Attribute label').fill(attribute.label);
  await form.getByLabel('Attribute type').selectOption('enum');
  await form.getByLabel('Allowed values').fill(attribute.options);
  await form.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByTestId('category-message')).toHaveText(`${name} created.`);
}

test('a merchandiser defines an attribute, creates a product with a 3×3 matrix, finds it by the attribute, edits it and sees the trail', async ({
  page,
  browser,
}) => {
  const id = unique();
  const category = `Capes ${id}`;
  const attribute = `Repeat ${id}`;
  const name = `Tilda Cape ${id}`;
  await signIn(page, MERCH.email, MERCH.password);
  await createCategory(page, category, { label: attribute, options: 'Small, Large' });

  // A new product: its attribute inputs come from the category's definition, and are validated on the server.
  await page.goto('/catalog/products/new');
  const form = page.getByRole('form', { name: 'New product' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Category').selectOption({ label: category });
  await form.getByLabel('Base price').fill('not a price');
  await form.getByLabel(attribute).selectOption('Large');
  await form.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByTestId('error-basePrice')).toHaveText('Enter a price like 49.90.');
  await expect(form.getByLabel('Name')).toHaveValue(name); // values survive the refused save
  await form.getByLabel('Base price').fill('89.00');
  await form.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText(`${name} was created.`)).toBeVisible();

  // Size × colour matrix with generated (editable) SKU codes.
  await page.getByRole('button', { name: 'Add variants (size × colour)' }).click();
  await page.getByLabel('Sizes').fill('S, M, L');
  await page.getByLabel('Colours').fill('Navy, Sand, Olive');
  await page.getByRole('button', { name: 'Generate rows' }).click();
  await expect(page.getByTestId('matrix-table').locator('tbody tr')).toHaveCount(9);
  const slug = `tilda-cape-${id}`.toLowerCase();
  const code = slug.toUpperCase();
  await expect(page.getByLabel('SKU for S Navy')).toHaveValue(`${code}-S-NAV`);
  await page.getByLabel('SKU for L Olive').fill(`${code}-L-OLIVE`);
  await page.getByRole('button', { name: 'Save 9 variants' }).click();
  await expect(page.getByTestId('matrix-message')).toHaveText('9 variants added.');
  await expect(page.getByTestId('variants-table').locator('tbody tr')).toHaveCount(9);
  await expect(page.getByTestId(`variant-row-${code}-L-OLIVE`)).toBeVisible();

  // Found by the attribute filter (and only it).
  await page.goto('/catalog');
  await page.getByLabel('Attribute').selectOption({ label: attribute });
  await page.getByLabel('is', { exact: true }).fill('Large');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/a=repeat_/);
  await expect(page.getByTestId('product-table').locator('tr')).toHaveCount(1);
  await expect(page.getByTestId(`product-row-${slug}`)).toContainText('9');
  await expect(page.getByTestId('product-count')).toContainText('of 1 product matching');

  // Edit, with the same person saving first in another browser: refused, told who and what changed, and the
  // conflict panel keeps the typed price; saved against the stored version with it.
  await page.getByRole('link', { name }).click();
  const edit = page.getByRole('form', { name: 'Edit product' });
  await expect(edit).toBeVisible();
  const other = await freshContext(browser);
  try {
    const theirs = await other.newPage();
    await signIn(theirs, MERCH.email, MERCH.password);
    await theirs.goto(page.url());
    await theirs.getByRole('form', { name: 'Edit product' }).getByLabel('Status').selectOption('active');
    await theirs.getByRole('button', { name: 'Save changes' }).click();
    await expect(theirs.getByTestId('product-form-message')).toHaveText('Saved.');
  } finally {
    await other.close();
  }
  await edit.getByLabel('Base price').fill('120.00');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('product-form-message')).toContainText(
    'was changed by you, in another tab, while you were editing (status: draft → active)',
  );
  const conflict = page.getByTestId('edit-conflict');
  await expect(conflict.getByTestId('conflict-basePrice')).toContainText('120.00');
  await expect(conflict.getByLabel('Take stored for Status')).toBeChecked();
  await conflict.getByRole('button', { name: 'Save with these choices' }).click();
  await expect(page.getByTestId('product-form-message')).toHaveText('Saved.');
  await expect(edit.getByLabel('Status')).toHaveValue('active');
  const trail = page.getByTestId('audit-list');
  await expect(trail.locator('li').first()).toContainText('Mona Merchandiser');
  await expect(trail.locator('li').first()).toContainText('89.00 EUR → 120.00 EUR');
  await expect(trail).toContainText('added variants to this product');
});

test('a CSV with one bad row shows the row error and imports nothing; fixed, it imports', async ({ page }) => {
  const id = unique().toLowerCase();
  const slug = `import-dress-${id}`;
  const rows = (fabric: string) =>
    [
      HEADER,
      `${slug},Import Dress ${id},Dresses,active,59.90,EUR,Atelier Lumen,new-in,,IMP-${id}-S,S,Navy,,,250,yes,Linen,Summer`,
      `${slug},Import Dress ${id},Dresses,active,59.90,EUR,Atelier Lumen,new-in,,IMP-${id}-M,M,Navy,,,260,yes,Linen,Summer`,
      `${slug}-b,Import Dress B ${id},Dresses,draft,79.90,EUR,,,,IMP-${id}-B,M,Sand,,,260,yes,${fabric},`,
    ].join('\n');
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/catalog/import');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('Tweed')) });
  await page.getByRole('button', { name: 'Check file (dry run)' }).click();
  await expect(page.getByTestId('import-error')).toHaveText(
    '1 problem found. Nothing was imported. Fix the file and check it again.',
  );
  const errorRow = page.getByTestId('import-errors').locator('tbody tr');
  await expect(errorRow).toHaveCount(1);
  await expect(errorRow).toContainText('4');
  await expect(errorRow).toContainText('attr.fabric');
  await expect(errorRow).toContainText('Choose one of: Linen');
  await expect(page.getByRole('button', { name: /^Import / })).toHaveCount(0);
  await page.goto(`/catalog?q=${encodeURIComponent(`IMP-${id}`)}`);
  await expect(page.getByText('No products match these filters')).toBeVisible();

  await page.goto('/catalog/import');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('Silk')) });
  await page.getByRole('button', { name: 'Check file (dry run)' }).click();
  await expect(page.getByTestId('import-message')).toContainText('All 3 rows are valid. Nothing has been written yet');
  await expect(page.getByTestId('import-summary')).toContainText('Products');
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await expect(page.getByTestId('import-message')).toHaveText('Imported 3 rows.');
  await page.goto(`/catalog?q=${encodeURIComponent(`IMP-${id}`)}`);
  await expect(page.getByTestId('product-table').locator('tr')).toHaveCount(2);
  await expect(page.getByTestId(`product-row-${slug}`)).toContainText('€59.90');

  // Bulk change on the selected rows.
  await page.getByLabel('Select all on this page').check();
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
  await page.getByLabel('Change', { exact: true }).selectOption('status');
  await page.getByLabel('Value', { exact: true }).selectOption('archived');
  await page.getByRole('button', { name: 'Apply to 2' }).click();
  await expect(page.getByTestId('bulk-message')).toHaveText('2 products updated.');
  await expect(page.getByTestId(`product-row-${slug}`)).toContainText('Archived');
  await expect(page.getByTestId(`product-row-${slug}-b`)).toContainText('Archived');

  // Too big: refused before uploading, nothing partial written.
  await page.goto('/catalog/import');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(11 * 1024 * 1024, 'a') });
  await page.getByRole('button', { name: 'Check file (dry run)' }).click();
  await expect(page.getByTestId('import-error')).toHaveText(
    'The file is larger than 10 MB. Split it into smaller files.',
  );

  // Not UTF-8 (a Latin-1 "é"): refused with what to do about it.
  await page.goto('/catalog/import');
  const latin1 = Buffer.concat([
    Buffer.from(`${HEADER}\nx,Caf`),
    Buffer.from([0xe9]),
    Buffer.from(',Dresses,active,1,EUR,,,,X-1,,,,,,,Linen,'),
  ]);
  await page.getByLabel('CSV file').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: latin1 });
  await page.getByRole('button', { name: 'Check file (dry run)' }).click();
  await expect(page.getByTestId('import-error')).toContainText('The file is not UTF-8 text.');

  // A formula cell is refused with a clear message.
  await page.goto('/catalog/import');
  const injected = rows('Silk').replace(`Import Dress B ${id}`, '=cmd|"/C calc"!A0');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'evil.csv', mimeType: 'text/csv', buffer: Buffer.from(injected) });
  await page.getByRole('button', { name: 'Check file (dry run)' }).click();
  await expect(page.getByTestId('import-errors')).toContainText('which a spreadsheet would run as a formula');
});

test('support staff read the catalog without edit controls, and a forged write is refused on the server', async ({
  page,
  browser,
}) => {
  // A merchandiser's real save, recorded to be replayed with a support session.
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/catalog?sort=name');
  const first = page.getByTestId('product-table').locator('a').first();
  const productName = (await first.textContent())!;
  await first.click();
  const edit = page.getByRole('form', { name: 'Edit product' });
  await expect(edit).toBeVisible();
  const productUrl = page.url();
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
    edit.getByRole('button', { name: 'Save changes' }).click(),
  ]);
  await expect(page.getByTestId('product-form-message')).toHaveText('Saved.');
  const headers = await request.allHeaders();

  const support = await freshContext(browser);
  try {
    const theirs = await support.newPage();
    await signIn(theirs, SUPPORT.email, SUPPORT.password);
    await theirs.goto('/catalog');
    await expect(theirs.getByTestId('product-table')).toBeVisible();
    await expect(theirs.getByRole('link', { name: 'New product' })).toHaveCount(0);
    await expect(theirs.getByLabel('Select all on this page')).toHaveCount(0);
    await theirs.goto(productUrl);
    await expect(theirs.getByRole('heading', { name: productName, level: 1 })).toBeVisible();
    await expect(theirs.getByTestId('product-details')).toBeVisible();
    await expect(theirs.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await expect(theirs.getByRole('button', { name: /Add variants/ })).toHaveCount(0);
    await expect(theirs.getByRole('button', { name: /^Save / })).toHaveCount(0);
    for (const path of ['/catalog/import', '/catalog/products/new']) {
      const response = await theirs.goto(path);
      expect(response?.status()).toBe(403);
    }
    await theirs.goto('/catalog/categories');
    await expect(theirs.getByRole('form', { name: 'New category' })).toHaveCount(0);

    // Sent as a script on our own page would (same Origin), so it gets past the CSRF check to the role check.
    const origin = new URL(request.url()).origin;
    const forged = await theirs.request.post(request.url(), {
      headers: {
        'next-action': headers['next-action']!,
        'content-type': headers['content-type']!,
        accept: 'text/x-component',
        origin,
      },
      data: request.postDataBuffer()!,
    });
    const body = await forged.text();
    expect(body).toContain('You are not allowed to do this.');
    expect(body).not.toContain('Saved.');
    const upload = await theirs.request.post('/api/catalog/import?mode=commit', {
      headers: { 'content-type': 'text/csv', origin },
      data: HEADER,
    });
    expect(upload.status()).toBe(403);
    expect((await upload.json()).error.message).toBe('You are not allowed to do this.');
  } finally {
    await support.close();
  }
});
