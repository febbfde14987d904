import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../db/demo';
import type { Role } from '../lib/roles';

type Login = { email: string; password: string; name: string; role: Role };

function demo(role: Role): Login {
  const login = DEMO_LOGINS.find((l) => l.role === role);
  if (!login) throw new Error(`no demo login for ${role}`);
  return login;
}

/** The seeded demo accounts. Tests only ever sign in to these with the right password, so they never get locked. */
export const ADMIN = demo('admin');
export const MERCH = demo('merchandiser');
export const SUPPORT = demo('support');

export const WRONG_CREDENTIALS = 'Email or password is incorrect.';
export const DEACTIVATED = 'This account is deactivated. Ask an admin to reactivate it.';

let counter = 0;
/** A token unique to this run and call, for emails and names. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

/** A fresh address on the demo domain, e.g. `merch-lx3k9a1@bobbin.test`. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${unique()}@bobbin.test`;
}

export function loginError(page: Page): Locator {
  return page.getByTestId('login-error');
}

/** Fills and submits the sign-in form, without asserting the outcome. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits for the signed-in shell (the header shows the user). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, email, password);
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export function mainNav(page: Page): Locator {
  return page.locator('nav[aria-label="Main"]');
}

const NAV_LABELS = [
  'Home',
  'Catalog',
  'Categories',
  'Suppliers',
  'CSV import',
  'Inventory',
  'Movements',
  'Transfers',
  'Purchase orders',
  'Low stock',
  'Valuation',
  'Locations',
  'Surveys',
  'Customer profiles',
  'Size demand',
  'Failing users',
  'Dashboards',
  'Alerts',
  'Staff',
  'API keys',
  'Webhooks',
  'Audit log',
] as const;
type NavLabel = (typeof NAV_LABELS)[number];

/** What each demo role's sidebar shows (the same lists lib/navigation.ts gives the server checks). */
export const NAV_ADMIN: NavLabel[] = [
  'Home',
  'Catalog',
  'Categories',
  'Suppliers',
  'CSV import',
  'Inventory',
  'Movements',
  'Transfers',
  'Purchase orders',
  'Low stock',
  'Valuation',
  'Locations',
  'Surveys',
  'Customer profiles',
  'Size demand',
  'Failing users',
  'Dashboards',
  'Alerts',
  'Staff',
  'API keys',
  'Webhooks',
  'Audit log',
];
export const NAV_MERCH: NavLabel[] = [
  'Home',
  'Catalog',
  'Categories',
  'Suppliers',
  'CSV import',
  'Inventory',
  'Movements',
  'Transfers',
  'Purchase orders',
  'Low stock',
  'Valuation',
  'Locations',
  'Surveys',
  'Customer profiles',
  'Size demand',
];
export const NAV_SUPPORT: NavLabel[] = ['Home', 'Catalog', 'Categories', 'Suppliers', 'Failing users', 'Dashboards'];

/** Asserts the main navigation shows exactly `expected` (besides the "Bobbin" brand link) and none of the others. */
export async function expectNav(page: Page, expected: readonly NavLabel[]): Promise<void> {
  const nav = mainNav(page);
  await expect(nav).toBeVisible();
  for (const label of NAV_LABELS) {
    const link = nav.getByRole('link', { name: label, exact: true });
    if (expected.includes(label)) await expect(link).toBeVisible();
    else await expect(link).toHaveCount(0);
  }
  await expect(nav.getByRole('link')).toHaveCount(expected.length + 1);
}

/** A new browser context (own cookies), for a second user at the same time. */
export async function freshContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  return browser.newContext(options); // Playwright Test applies the config's `use` (baseURL…) to it
}

export type NewStaff = { name: string; email: string; role: Role; password: string };

export function newStaff(role: Role, prefix: string = role): NewStaff {
  const id = unique();
  return { name: `Test ${prefix} ${id}`, email: `${prefix}-${id}@bobbin.test`, role, password: `e2e-password-${id}` };
}

export function createForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Add staff member' });
}

/** Opens "Add staff member" on /staff (signed in as an admin) and fills the form. */
export async function fillCreateStaff(page: Page, staff: Partial<NewStaff>): Promise<Locator> {
  const form = createForm(page);
  if (!(await form.isVisible())) {
    if (!new URL(page.url()).pathname.startsWith('/staff')) await page.goto('/staff');
    await page.getByRole('button', { name: 'Add staff member' }).click();
  }
  await expect(form).toBeVisible();
  if (staff.name !== undefined) await form.getByLabel('Name').fill(staff.name);
  if (staff.email !== undefined) await form.getByLabel('Email').fill(staff.email);
  if (staff.role !== undefined) await form.getByLabel('Role').selectOption(staff.role);
  if (staff.password !== undefined) await form.getByLabel('Initial password').fill(staff.password);
  return form;
}

/** Creates a staff member through the UI and waits for the success message. */
export async function createStaff(page: Page, staff: NewStaff): Promise<void> {
  await page.goto('/staff');
  const form = await fillCreateStaff(page, staff);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByTestId('create-staff-message')).toHaveText(`${staff.name} can now sign in as ${staff.role}.`);
}

/** The staff table row of `email`, on a /staff list filtered to that email (so paging never hides it). */
export async function openStaffRow(page: Page, email: string): Promise<Locator> {
  await page.goto(`/staff?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId(`staff-row-${email}`);
  await expect(row).toBeVisible();
  return row;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** A SKU link in the stock table (its rows also link their next incoming purchase order or transfer). */
export const SKU_LINK = /^(?!(PO|T)-\d+$)/;
