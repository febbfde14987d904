import { expect, test } from '@playwright/test';
import { MERCH, NAV_MERCH, SUPPORT, expectNav, signIn } from './helpers';

for (const path of ['/staff', '/audit']) {
  test(`support opening ${path} gets the 403 "Not allowed" page`, async ({ page }) => {
    await signIn(page, SUPPORT.email, SUPPORT.password);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByText('Your role does not give access to this page.')).toBeVisible();
    await expect(page.getByTestId('staff-table')).toHaveCount(0);
    await expect(page.getByTestId('audit-list')).toHaveCount(0);

    await page.getByRole('link', { name: 'Back to your home page' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Hello, Sam' })).toBeVisible();
  });
}

test('a merchandiser is refused the staff page too', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  await expectNav(page, NAV_MERCH);
  const response = await page.goto('/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByTestId('staff-table')).toHaveCount(0);
});
