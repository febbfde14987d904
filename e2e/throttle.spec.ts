import { expect, test } from '@playwright/test';
import {
  ADMIN,
  WRONG_CREDENTIALS,
  createStaff,
  freshContext,
  loginError,
  newStaff,
  signIn,
  submitLogin,
  uniqueEmail,
} from './helpers';

const THROTTLED = /^Too many failed sign-in attempts\. Try again in (1[0-5]|[1-9]) minutes?\.$/;

test('five failures lock an email; other accounts keep signing in', async ({ page, browser }) => {
  // An account of our own, so no demo account other tests use is touched.
  const staff = newStaff('merchandiser', 'bystander');
  const admin = await freshContext(browser);
  try {
    const adminPage = await admin.newPage();
    await signIn(adminPage, ADMIN.email, ADMIN.password);
    await createStaff(adminPage, staff);
  } finally {
    await admin.close();
  }

  const nobody = uniqueEmail('nobody');
  await page.goto('/login');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitLogin(page, nobody, `wrong-password-${attempt}`);
    await expect(loginError(page)).toHaveText(WRONG_CREDENTIALS);
    await expect(page.getByLabel('Password')).toHaveValue('');
  }
  await submitLogin(page, nobody, 'wrong-password-6');
  await expect(loginError(page)).toHaveText(THROTTLED);
  await expect(page.getByLabel('Email')).toHaveValue(nobody);

  // The lock is per email: a wrong password for another account is an ordinary failure, the right one works.
  await submitLogin(page, staff.email, 'not-their-password');
  await expect(loginError(page)).toHaveText(WRONG_CREDENTIALS);
  await submitLogin(page, staff.email, staff.password);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('current-user')).toContainText(staff.name);

  // The locked email stays locked, from any browser.
  const other = await freshContext(browser);
  try {
    const otherPage = await other.newPage();
    await otherPage.goto('/login');
    await submitLogin(otherPage, nobody, 'yet-another-guess');
    await expect(loginError(otherPage)).toHaveText(THROTTLED);
  } finally {
    await other.close();
  }
});
