import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { MERCH, submitLogin, unique } from './helpers';

const png = (r: number, g: number, b: number, width = 900, height = 1200) =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

async function newProduct(page: Page, name: string): Promise<string> {
  const category = `Wraps ${unique()}`;
  await page.goto('/catalog/categories');
  const form = page.getByRole('form', { name: 'New category' });
  await form.getByLabel('Category name').fill(category);
  await form.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByTestId('category-message')).toHaveText(`${category} created.`, SLOW);
  await page.goto('/catalog/products/new');
  const product = page.getByRole('form', { name: 'New product' });
  await product.getByLabel('Name').fill(name);
  await product.getByLabel('Category').selectOption({ label: category });
  await product.getByLabel('Status').selectOption('draft');
  await product.getByLabel('Base price').fill('59.00');
  await product.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible(SLOW);
  return page.url();
}

// Several pages, uploads and conversions per test: more than the suite's default 30 s on a loaded 2-core machine.
test.describe.configure({ timeout: 300_000 });
// Each upload is converted on the server (seconds under load): waits that follow one get longer.
const SLOW = { timeout: 60_000 };

/** The helpers' sign-in, with this file's longer wait for the first page. */
async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await submitLogin(page, email, password);
  await expect(page.getByTestId('current-user')).toBeVisible(SLOW);
}

const order = (page: Page) =>
  page.getByTestId('image-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-image-id')));

test('a merchandiser uploads two images, reorders them by keyboard and by dragging, describes them, and sees the thumbnail on the list', async ({
  page,
}) => {
  const name = `Mira Wrap ${unique()}`;
  await signIn(page, MERCH.email, MERCH.password);
  const url = await newProduct(page, name);

  // Two files at once through the picker; a third that lies about its type is refused with a reason.
  await page.getByTestId('image-input').setInputFiles([
    { name: 'front.png', mimeType: 'image/png', buffer: await png(200, 60, 90) },
    { name: 'back.png', mimeType: 'image/png', buffer: await png(40, 90, 160) },
  ]);
  await expect(page.getByTestId('image-item')).toHaveCount(2, SLOW);
  await page
    .getByTestId('image-input')
    .setInputFiles([{ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>not an image</html>') }]);
  await expect(page.getByTestId('upload-status')).toContainText(
    'fake.jpg: This is not a JPEG, PNG, WebP or AVIF image.',
    SLOW,
  );
  const [first, second] = await order(page);
  await expect(page.getByTestId('image-item').first()).toContainText('Primary');

  // Keyboard: the second image's handle, arrow up, makes it the primary; the order survives a reload.
  await page.getByTestId('image-handle').nth(1).focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => order(page), SLOW).toEqual([second, first]);
  await page.reload();
  await expect.poll(() => order(page), SLOW).toEqual([second, first]);

  // Drag the primary below the other one.
  await page.getByTestId('image-handle').nth(0).dragTo(page.getByTestId('image-item').nth(1));
  await expect.poll(() => order(page), SLOW).toEqual([first, second]);
  await page.reload();
  await expect.poll(() => order(page), SLOW).toEqual([first, second]);

  // Going live needs alt text on every image.
  const form = page.getByRole('form', { name: 'Edit product' });
  await form.getByLabel('Status').selectOption('active');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('product-form-message')).toContainText('Add alt text to every image', SLOW);
  const alts = page.getByTestId('image-alt');
  await alts.nth(0).fill('Mira wrap dress in rose, front');
  await alts.nth(0).press('Enter');
  await expect(page.getByTestId('image-item').nth(0)).toContainText('Saved', SLOW);
  await alts.nth(1).fill('Mira wrap dress in blue, back');
  await alts.nth(1).press('Enter');
  await expect(page.getByTestId('image-item').nth(1)).toContainText('Saved', SLOW);
  await page.reload();
  await expect(page.getByTestId('image-alt').nth(0)).toHaveValue('Mira wrap dress in rose, front');
  await page.getByRole('form', { name: 'Edit product' }).getByLabel('Status').selectOption('active');
  await page.getByRole('form', { name: 'Edit product' }).getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('product-form-message')).toHaveText('Saved.', SLOW);

  // The list shows the primary image's thumbnail, served with immutable caching.
  await page.goto(`/catalog?q=${encodeURIComponent(name)}`);
  const thumb = page.getByTestId('product-table').getByTestId('product-thumb');
  await expect(thumb).toHaveCount(1);
  await expect(thumb).toHaveAttribute('alt', 'Mira wrap dress in rose, front');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SLOW).toBe(240);
  const src = await thumb.getAttribute('src');
  expect(src).toMatch(/^\/media\/catalog\/[0-9a-f-]{36}\/[0-9a-f]{16}-thumb\.webp$/);
  const res = await page.request.get(src!);
  expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(page.url()).toContain('/catalog');
  expect(url).toContain('/catalog/products/');
});

test('the variant generator shows existing combinations and adds only the missing ones', async ({ page }) => {
  const name = `Nell Skirt ${unique()}`;
  await signIn(page, MERCH.email, MERCH.password);
  await newProduct(page, name);
  await page.getByRole('button', { name: 'Add variants (size × colour)' }).click();
  await page.getByLabel('Sizes').fill('S, M');
  await page.getByLabel('Colours').fill('Navy');
  await page.getByRole('button', { name: 'Generate rows' }).click();
  await page.getByRole('button', { name: 'Save 2 variants' }).click();
  await expect(page.getByTestId('matrix-message')).toHaveText('2 variants added.', SLOW);

  await page.getByRole('button', { name: 'Add variants (size × colour)' }).click();
  await page.getByLabel('Sizes').fill('S, M, L');
  await page.getByLabel('Colours').fill('navy, Sand');
  await page.getByRole('button', { name: 'Generate rows' }).click();
  await expect(page.getByTestId('matrix-existing')).toContainText('2 combinations already exist', SLOW);
  await expect(page.getByTestId('matrix-existing')).toContainText(/S \/ navy \(/i);
  await expect(page.getByTestId('matrix-table').locator('tbody tr')).toHaveCount(4);
  await page.getByRole('button', { name: 'Save 4 variants' }).click();
  await expect(page.getByTestId('matrix-message')).toHaveText('4 variants added.', SLOW);
  await expect(page.getByTestId('variants-table').locator('tbody tr')).toHaveCount(6, SLOW);

  // Everything exists now: nothing to add.
  await page.getByRole('button', { name: 'Add variants (size × colour)' }).click();
  await page.getByLabel('Sizes').fill('S, M, L');
  await page.getByLabel('Colours').fill('Navy, Sand');
  await page.getByRole('button', { name: 'Generate rows' }).click();
  await expect(page.getByTestId('matrix-existing')).toContainText('6 combinations already exist: nothing to add.');
  await expect(page.getByTestId('matrix-table')).toHaveCount(0);
});
