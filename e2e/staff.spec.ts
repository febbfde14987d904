import { expect, test } from '@playwright/test';
import {
  ADMIN,
  DEACTIVATED,
  createForm,
  createStaff,
  expectNav,
  NAV_ADMIN,
  NAV_MERCH,
  fillCreateStaff,
  freshContext,
  loginError,
  newStaff,
  openStaffRow,
  signIn,
  submitLogin,
} from './helpers';

test('an admin adds a merchandiser, who can then sign in; the audit log records it', async ({ page, browser }) => {
  const staff = newStaff('merchandiser', 'merch');
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff', exact: true }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { name: 'Staff', exact: true })).toBeVisible();

  // First attempt: a password that is too short and an address the browser accepts but the server does not.
  const badEmail = `${staff.email.split('@')[0]}@localhost`;
  const form = await fillCreateStaff(page, { ...staff, email: badEmail, password: 'short' });
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(form.getByTestId('error-password')).toHaveText('Use at least 12 characters.');
  await expect(form.getByTestId('error-email')).toHaveText('Enter a valid email address.');
  await expect(page.getByTestId('create-staff-message')).toHaveText('Some fields need attention.');
  await expect(form.getByLabel('Name')).toHaveValue(staff.name);
  await expect(form.getByLabel('Email')).toHaveValue(badEmail);
  await expect(form.getByLabel('Role')).toHaveValue('merchandiser');
  await expect(form.getByLabel('Initial password')).toHaveValue('short');
  await expect(page.getByTestId(`staff-row-${badEmail}`)).toHaveCount(0);

  // Second attempt with the mistakes corrected.
  await form.getByLabel('Email').fill(staff.email);
  await form.getByLabel('Initial password').fill(staff.password);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByTestId('create-staff-message')).toHaveText(`${staff.name} can now sign in as merchandiser.`);
  await expect(form.getByTestId('error-password')).toHaveCount(0);
  await expect(form.getByTestId('error-email')).toHaveCount(0);
  await expect(form.getByLabel('Name')).toHaveValue(''); // cleared for the next one
  await expect(page.getByTestId(`staff-row-${badEmail}`)).toHaveCount(0);

  const row = await openStaffRow(page, staff.email);
  await expect(row).toContainText(staff.name);
  await expect(row).toContainText('Active');
  await expect(row.getByLabel(`Role of ${staff.name}`)).toHaveValue('merchandiser');

  // The audit log names who created whom.
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const entry = page.getByTestId('audit-list').getByRole('row').filter({ hasText: staff.name }).first();
  // The subject is named with its entity type: "Ada Admin created staff account Ann".
  await expect(entry).toContainText(`${ADMIN.name} created staff account ${staff.name}`);
  await expect(entry).toContainText(staff.email);

  // The new merchandiser signs in in a browser of their own.
  const context = await freshContext(browser);
  try {
    const theirs = await context.newPage();
    await signIn(theirs, staff.email, staff.password);
    await expect(theirs).toHaveURL(/\/$/);
    await expect(theirs.getByTestId('current-user')).toContainText(staff.name);
    await expect(theirs.getByTestId('current-user')).toContainText('Merchandiser');
    await expect(theirs.getByRole('heading', { name: 'Hello, Test' })).toBeVisible();
    await expect(theirs.getByText('Merchandiser · Keeps the catalog and the inventory right.')).toBeVisible();
    await expectNav(theirs, NAV_MERCH);
  } finally {
    await context.close();
  }
});

test('a duplicate email is refused with a field error', async ({ page }) => {
  const staff = newStaff('support', 'dup');
  await signIn(page, ADMIN.email, ADMIN.password);
  await createStaff(page, staff);
  const form = createForm(page);
  await fillCreateStaff(page, { ...staff, name: `${staff.name} again` });
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(form.getByTestId('error-email')).toHaveText('A staff account with this email already exists.');
  await expect(form.getByLabel('Email')).toHaveValue(staff.email);
});

test('an admin deactivates a staff member, who can no longer sign in', async ({ page, browser }) => {
  const staff = newStaff('support', 'leaver');
  await signIn(page, ADMIN.email, ADMIN.password);
  await createStaff(page, staff);

  // The staff member is signed in elsewhere when the admin deactivates them.
  const context = await freshContext(browser);
  try {
    const theirs = await context.newPage();
    await signIn(theirs, staff.email, staff.password);
    await expect(theirs.getByTestId('current-user')).toContainText(staff.name);

    const row = await openStaffRow(page, staff.email);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect(row.getByRole('status')).toHaveText(`${staff.name} is deactivated and signed out.`);
    await expect(row).toContainText('Deactivated');
    await expect(row.getByRole('button', { name: 'Reactivate' })).toBeVisible();

    // Their open session ends at the next request...
    await theirs.goto('/');
    await expect(theirs).toHaveURL(/\/login/);
    // ...and signing in again is refused with the reason.
    await submitLogin(theirs, staff.email, staff.password);
    await expect(loginError(theirs)).toHaveText(DEACTIVATED);
    await expect(theirs).toHaveURL(/\/login/);
    await expect(theirs.getByTestId('current-user')).toHaveCount(0);
  } finally {
    await context.close();
  }

  await page.goto('/audit');
  await expect(
    page
      .getByTestId('audit-list')
      .getByRole('row')
      .filter({ hasText: `deactivated staff account ${staff.name}` }),
  ).toHaveCount(1);
});

test('an admin changes a staff member’s role, which takes effect for them', async ({ page, browser }) => {
  const staff = newStaff('support', 'promoted');
  await signIn(page, ADMIN.email, ADMIN.password);
  await createStaff(page, staff);

  const row = await openStaffRow(page, staff.email);
  const role = row.getByLabel(`Role of ${staff.name}`);
  await expect(role).toHaveValue('support');
  await role.selectOption('admin');
  await row.getByRole('button', { name: 'Save role' }).click();
  await expect(row.getByRole('status')).toHaveText(`${staff.name} is now admin and was signed out.`);
  await expect(role).toHaveValue('admin');

  // After a reload the list shows the stored role.
  const reloaded = await openStaffRow(page, staff.email);
  await expect(reloaded.getByLabel(`Role of ${staff.name}`)).toHaveValue('admin');

  const context = await freshContext(browser);
  try {
    const theirs = await context.newPage();
    await signIn(theirs, staff.email, staff.password);
    await expect(theirs.getByTestId('current-user')).toContainText('Admin');
    await expectNav(theirs, NAV_ADMIN);
  } finally {
    await context.close();
  }
});

test('the staff list exports as CSV through its own filters, sort and columns', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/staff?q=${encodeURIComponent(ADMIN.email)}`);
  await page.getByTestId('sort-name').click();
  await expect(page).toHaveURL(/sort=-name/);
  const href = (await page.getByTestId('staff-csv').getAttribute('href'))!;
  expect(href).toMatch(/^\/api\/staff\?q=.+&sort=-name$/);
  const response = await page.request.get(href);
  expect(response.headers()['content-type']).toContain('text/csv');
  const lines = (await response.text()).trim().split(/\r?\n/);
  expect(lines[0]).toBe('name,email,status,locked_until,sessions,last_login_at,role');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(ADMIN.email);
  expect(lines[1]).toContain(',active,');
  // Hidden columns leave the export too.
  const narrow = await page.request.get('/api/staff?cols=name,access');
  expect((await narrow.text()).split(/\r?\n/)[0]).toBe('name,email,role');
});
