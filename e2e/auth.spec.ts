import { expect, test } from '@playwright/test';
import {
  ADMIN,
  MERCH,
  NAV_ADMIN,
  NAV_MERCH,
  NAV_SUPPORT,
  SUPPORT,
  WRONG_CREDENTIALS,
  expectNav,
  loginError,
  signIn,
  signOut,
  submitLogin,
  uniqueEmail,
} from './helpers';

test.describe('sign-in and navigation per role', () => {
  test('admin sees everything: catalog, support, staff, API keys and audit log, and their name in the header', async ({
    page,
  }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('current-user')).toContainText(ADMIN.name);
    await expect(page.getByTestId('current-user')).toContainText(`${ADMIN.email} · Admin`);
    await expectNav(page, NAV_ADMIN);
    await expect(page.getByRole('heading', { name: 'Hello, Ada' })).toBeVisible();
    await expect(page.getByTestId('staff-summary')).toBeVisible();
  });

  test('merchandiser sees Home and the catalog, not staff or the audit log', async ({ page }) => {
    await signIn(page, MERCH.email, MERCH.password);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('current-user')).toContainText(MERCH.name);
    await expect(page.getByTestId('current-user')).toContainText('Merchandiser');
    await expectNav(page, NAV_MERCH);
    await expect(page.getByRole('heading', { name: 'Hello, Mona' })).toBeVisible();
    await expect(page.getByTestId('staff-summary')).toHaveCount(0);
  });

  test('support sees Home, the read-only catalog and the support workspace', async ({ page }) => {
    await signIn(page, SUPPORT.email, SUPPORT.password);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('current-user')).toContainText(SUPPORT.name);
    await expect(page.getByTestId('current-user')).toContainText('Support');
    await expectNav(page, NAV_SUPPORT);
    await expect(page.getByRole('heading', { name: 'Hello, Sam' })).toBeVisible();
  });
});

test('a wrong password shows an error, keeps the email and clears the password', async ({ page }) => {
  // An unknown address: a failure here must not count against a demo account other tests sign in to.
  const email = uniqueEmail('typo');
  await page.goto('/login');
  await submitLogin(page, email, 'not-the-password');
  await expect(loginError(page)).toHaveText(WRONG_CREDENTIALS);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled(); // no password typed yet
  await expect(page.getByTestId('current-user')).toHaveCount(0);
});

test('signing out returns to the sign-in page and the app stays closed', async ({ page }) => {
  await signIn(page, MERCH.email, MERCH.password);
  await signOut(page);
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('signed out, /staff redirects to the sign-in page and returns there after signing in', async ({
  page,
  request,
}) => {
  const direct = await request.get('/staff', { maxRedirects: 0 });
  expect([302, 303, 307, 308]).toContain(direct.status());
  expect(new URL(direct.headers()['location'] ?? '', 'http://x').pathname).toBe('/login');

  await page.goto('/staff');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fstaff$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('staff-table')).toHaveCount(0);
  await expect(page.getByTestId('current-user')).toHaveCount(0);

  await submitLogin(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { name: 'Staff', exact: true })).toBeVisible();
});

test('GET /api/health reports ok on the embedded database', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/json');
  const body = await res.json();
  expect(body).toMatchObject({ status: 'ok', driver: 'pglite', database: 'reachable' });
});
