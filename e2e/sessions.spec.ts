import { expect, test, type Browser } from '@playwright/test';
import {
  ADMIN,
  WRONG_CREDENTIALS,
  createStaff,
  freshContext,
  loginError,
  newStaff,
  openStaffRow,
  signIn,
  signOut,
  submitLogin,
  unique,
  type NewStaff,
} from './helpers';

/** A staff member of this test's own, created by the admin in a context of its own. */
async function staffMember(browser: Browser, prefix: string): Promise<NewStaff> {
  const staff = newStaff('support', prefix);
  const admin = await freshContext(browser);
  try {
    const page = await admin.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await createStaff(page, staff);
  } finally {
    await admin.close();
  }
  return staff;
}

test('after sign-out, a copy of the session cookie no longer works', async ({ browser }) => {
  const staff = await staffMember(browser, 'copied');
  const theirs = await freshContext(browser);
  const thief = await freshContext(browser);
  try {
    const page = await theirs.newPage();
    await signIn(page, staff.email, staff.password);
    // Someone copies the cookie (a shared computer, a leaked HAR file…) and uses it from another browser.
    await thief.addCookies(await theirs.cookies());
    const stolen = await thief.newPage();
    await stolen.goto('/');
    await expect(stolen.getByTestId('current-user')).toContainText(staff.name);
    expect((await (await thief.request.get('/api/auth/session')).json()).user).toMatchObject({ email: staff.email });

    await signOut(page);

    await stolen.goto('/');
    await expect(stolen).toHaveURL(/\/login/);
    await expect(stolen.getByTestId('current-user')).toHaveCount(0);
    // Route handlers refuse it too.
    const res = await thief.request.get('/api/catalog/export');
    expect(res.status()).toBe(401);
    expect((await (await thief.request.get('/api/auth/session')).json()).user).toBeUndefined();
  } finally {
    await theirs.close();
    await thief.close();
  }
});

test('an admin ends a staff member’s sessions from the staff page', async ({ page, browser }) => {
  const staff = await staffMember(browser, 'ended');
  const theirs = await freshContext(browser);
  try {
    const their = await theirs.newPage();
    await signIn(their, staff.email, staff.password);

    await signIn(page, ADMIN.email, ADMIN.password);
    const row = await openStaffRow(page, staff.email);
    await expect(page.getByTestId(`staff-status-${staff.email}`)).toContainText('1 signed-in session');
    await row.getByRole('button', { name: 'End sessions' }).click();
    await expect(row.getByRole('status')).toHaveText(`Ended 1 session of ${staff.name}.`);
    await expect(page.getByTestId(`staff-status-${staff.email}`)).toContainText('0 signed-in sessions');
    await expect(row.getByRole('button', { name: 'End sessions' })).toHaveCount(0);

    await their.goto('/');
    await expect(their).toHaveURL(/\/login/);
    // Ending sessions is not a lock: they can sign in again.
    await signIn(their, staff.email, staff.password);
  } finally {
    await theirs.close();
  }
  await page.goto('/audit');
  await expect(
    page
      .getByTestId('audit-list')
      .getByRole('row')
      // The entry names its subject with the entity type between verb and name ("… of staff account Ann").
      .filter({ hasText: 'ended the sessions of' })
      .filter({ hasText: staff.name }),
  ).toHaveCount(1);
});

test('a locked account shows when it unlocks, and an admin can unlock it', async ({ page, browser }) => {
  const staff = await staffMember(browser, 'locked');
  const guesser = await freshContext(browser);
  try {
    const guess = await guesser.newPage();
    await guess.goto('/login');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(guess, staff.email, `wrong-password-${attempt}`);
      await expect(loginError(guess)).toHaveText(WRONG_CREDENTIALS);
    }

    await signIn(page, ADMIN.email, ADMIN.password);
    const row = await openStaffRow(page, staff.email);
    const status = page.getByTestId(`staff-status-${staff.email}`);
    await expect(status).toContainText('Active');
    await expect(status).toContainText(/Locked until \S/);
    await row.getByRole('button', { name: 'Unlock' }).click();
    await expect(row.getByRole('status')).toHaveText(`${staff.name} can sign in again.`);
    await expect(status).not.toContainText('Locked until');
    await expect(row.getByRole('button', { name: 'Unlock' })).toHaveCount(0);

    await submitLogin(guess, staff.email, staff.password);
    await expect(guess.getByTestId('current-user')).toContainText(staff.name);
  } finally {
    await guesser.close();
  }
  await page.goto('/audit');
  await expect(
    page
      .getByTestId('audit-list')
      .getByRole('row')
      .filter({ hasText: 'lifted the sign-in lock of' })
      .filter({ hasText: staff.name }),
  ).toHaveCount(1);
});

test('a new API key has no scope ticked, needs one, and the list shows scopes, last use and expiry', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/api-keys');
  for (const box of await page.getByRole('checkbox').all()) await expect(box).not.toBeChecked();
  const name = `e2e prometheus ${unique()}`;
  // By role: the list's column chooser has a (hidden) checkbox labelled Name too.
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByTestId('error-scopes')).toHaveText('Choose at least one scope.');
  await expect(page.getByTestId(`api-key-${name}`)).toHaveCount(0);

  await page.getByRole('checkbox', { name: /metrics:read/ }).check();
  await expect(page.getByRole('combobox', { name: 'Expires' })).toHaveValue('90');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByTestId('new-api-key')).toContainText('it will not be shown again');
  const key = (await page.getByTestId('new-api-key-value').textContent())!.trim();
  const row = page.getByTestId(`api-key-${name}`);
  await expect(row).toContainText('metrics:read');
  await expect(row).not.toContainText('inventory:reserve');
  await expect(row).toContainText('Never used');
  await expect(page.getByTestId(`api-key-expiry-${name}`)).not.toHaveText('Never');

  // The key does what it was made for and nothing else.
  expect((await page.request.get('/api/metrics', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  expect(
    (
      await page.request.post('/api/v1/oplog', { data: { entries: [] }, headers: { authorization: `Bearer ${key}` } })
    ).status(),
  ).toBe(401);
  await page.reload();
  await expect(page.getByTestId(`api-key-${name}`)).not.toContainText('Never used');
});

test('customer profiles mark values given with only a typed email as unverified', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/customers');
  await expect(page.getByTestId('customer-table')).toContainText('(unverified)');
  // The demo seed answers every other customer through their personal link; open one of each kind.
  // Each customer's own link (the table's sortable header is a link too).
  const links = page.getByTestId('customer-table').locator('a[href^="/customers/"]');
  const count = await links.count();
  const seen = new Set<string>();
  for (let i = 0; i < count && seen.size < 2; i++) {
    await links.nth(i).click();
    const prefs = page.getByTestId('preferences');
    await expect(prefs).toBeVisible();
    const size = page.getByTestId('pref-tops-size');
    if ((await size.textContent())?.includes('unverified')) seen.add('unverified');
    else if ((await size.textContent())?.includes('verified')) seen.add('verified');
    await page.goBack();
    await expect(page.getByTestId('customer-table')).toBeVisible();
  }
  expect([...seen].sort()).toEqual(['unverified', 'verified']);

  await page.goto('/surveys/demand');
  await expect(page.getByTestId('demand-basis')).toContainText(/\d+ of these \d+ sizes are unverified/);
  await page.getByRole('link', { name: 'Count verified sizes only' }).click();
  await expect(page.getByTestId('demand-basis')).toContainText(
    'Counting only sizes given through customers’ personal links',
  );
});
