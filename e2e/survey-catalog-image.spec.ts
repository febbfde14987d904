import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { MERCH, freshContext, submitLogin, unique } from './helpers';

test.describe.configure({ timeout: 300_000 });
const SLOW = { timeout: 60_000 };

test('a style option picks a catalog image in the builder, and the public survey shows it', async ({
  page,
  browser,
}) => {
  const id = unique();
  await page.goto('/login');
  await submitLogin(page, MERCH.email, MERCH.password);
  await expect(page.getByTestId('current-user')).toBeVisible(SLOW);

  // A product with one image.
  const category = `Picker wraps ${id}`;
  await page.goto('/catalog/categories');
  const form = page.getByRole('form', { name: 'New category' });
  await form.getByLabel('Category name').fill(category);
  await form.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByTestId('category-message')).toHaveText(`${category} created.`, SLOW);
  const name = `Picker Wrap ${id}`;
  await page.goto('/catalog/products/new');
  const product = page.getByRole('form', { name: 'New product' });
  await product.getByLabel('Name').fill(name);
  await product.getByLabel('Category').selectOption({ label: category });
  await product.getByLabel('Status').selectOption('draft');
  await product.getByLabel('Base price').fill('59.00');
  await product.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible(SLOW);
  const png = await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 20, g: 120, b: 90 } } })
    .png()
    .toBuffer();
  await page.getByTestId('image-input').setInputFiles([{ name: 'green.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.getByTestId('image-item')).toHaveCount(1, SLOW);

  // A survey whose style question's first option uses that image.
  const title = `Style pick ${id}`;
  await page.goto('/surveys');
  await page.getByLabel('New survey title').fill(title);
  await page.getByRole('button', { name: 'Create survey' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible(SLOW);
  await page.getByLabel('Add a question').selectOption('style');
  await page.getByLabel('Question 2 text').fill('Which colour?');
  await page.getByLabel('Question 2 option 1', { exact: true }).fill('Forest');
  await page.getByLabel('Question 2 option 2', { exact: true }).fill('Sand');
  const option = page.getByTestId('builder-question-1');
  await option.getByRole('button', { name: 'Pick a catalog image' }).first().click();
  const picker = page.getByRole('region', { name: 'Catalog images for question 2 option 1' });
  await picker.getByLabel('Search catalog images for question 2 option 1').fill(name);
  await picker.getByRole('button', { name: new RegExp(`^Use ${name}`) }).click();
  await expect(option.getByTestId('picked-image')).toHaveAttribute('src', /^\/media\/catalog\//);
  await expect(page.getByTestId('builder-preview').locator('img[src^="/media/catalog/"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('builder-message')).toHaveText('Draft saved.', SLOW);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('public-link')).toBeVisible(SLOW);
  const publicPath = (await page.getByTestId('public-link').innerText()).trim();

  // Not signed in: the public page shows the catalog image, and the media route serves it.
  const customer = await freshContext(browser);
  try {
    const anon = await customer.newPage();
    await anon.goto(publicPath);
    const img = anon.locator('img[src^="/media/catalog/"]');
    await expect(img).toHaveCount(1, SLOW);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), SLOW).toBeGreaterThan(0);
    const src = await img.getAttribute('src');
    const res = await anon.request.get(src!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/webp');
  } finally {
    await customer.close();
  }
});
