import { expect, test } from '@playwright/test';
import { MERCH, submitLogin, unique } from './helpers';

test.describe.configure({ timeout: 300_000 });
const SLOW = { timeout: 60_000 };

test("a merchandiser edits a category's completeness rules; a bad value is refused in place; its products are rescored", async ({
  page,
}) => {
  const id = unique();
  await page.goto('/login');
  await submitLogin(page, MERCH.email, MERCH.password);
  await expect(page.getByTestId('current-user')).toBeVisible(SLOW);

  const category = `Rule scarves ${id}`;
  await page.goto('/catalog/categories');
  const form = page.getByRole('form', { name: 'New category' });
  await form.getByLabel('Category name').fill(category);
  await form.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByTestId('category-message')).toHaveText(`${category} created.`, SLOW);

  const name = `Rule Scarf ${id}`;
  await page.goto('/catalog/products/new');
  const product = page.getByRole('form', { name: 'New product' });
  await product.getByLabel('Name').fill(name);
  await product.getByLabel('Category').selectOption({ label: category });
  await product.getByLabel('Status').selectOption('draft');
  await product.getByLabel('Base price').fill('25.00');
  await product.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible(SLOW);
  const productUrl = page.url();
  // Defaults: no image, no description, no variants (so no prices or barcodes).
  await expect(page.getByTestId('completeness-missing')).toContainText('1 more image needed');

  await page.goto('/catalog/categories');
  await page.getByText(`Edit ${category}`, { exact: true }).click();
  const edit = page.getByRole('form', { name: `Edit category ${category}` });
  await edit.getByLabel('Minimum images').fill('many');
  await edit.getByRole('button', { name: 'Save category' }).click();
  await expect(edit.getByTestId('error-rules-minImages')).toHaveText(
    'Enter the number of images as a whole number, 0 or more.',
    SLOW,
  );
  await expect(edit.getByLabel('Minimum images')).toHaveAttribute('aria-invalid', 'true');
  await edit.getByLabel('Minimum images').fill('0');
  await edit.getByLabel('Minimum description length').fill('0');
  await edit.getByLabel('Every variant has a price').uncheck();
  await edit.getByLabel('Every variant has a barcode').uncheck();
  await edit.getByRole('button', { name: 'Save category' }).click();
  await expect(page.getByTestId(`category-message-${category}`)).toContainText(`${category} saved.`, SLOW);
  await page.screenshot({
    path: test.info().outputPath('category-rules-light-desktop.png'),
    fullPage: true,
    animations: 'disabled',
  });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({
    path: test.info().outputPath('category-rules-dark-phone.png'),
    fullPage: true,
    animations: 'disabled',
  });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Only alt text is left (no images, so nothing lacks it): complete.
  await page.goto(productUrl);
  await expect(page.getByText(`Complete under the ${category} rules.`)).toBeVisible(SLOW);
  await expect(page.getByTestId('completeness-missing')).toHaveCount(0);
});
