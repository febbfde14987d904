import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { NAV_ITEMS } from '../lib/navigation';
import { can } from '../lib/permissions';
import type { Role } from '../lib/roles';
import { filesUnder } from '../tests/support/source-files';
import { ADMIN, MERCH, SUPPORT, freshContext, signIn } from './helpers';

/**
 * The axe scan: every page each role can open (sidebar pages, hidden pages, record pages reached from a list),
 * plus the signed-out pages, in the light theme (every rule) and the dark theme (the colour rules, COLOUR_RULES).
 * Any violation fails the test, whatever its impact (the walk is clean; the last two, both moderate, were a
 * duplicate landmark name and a skipped heading level). Every violation is printed with its page, so a failure says
 * where to look.
 */
type Finding = {
  page: string;
  scheme: string;
  id: string;
  impact: string;
  nodes: number;
  help: string;
  targets: string[];
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Record pages, reached from a list (their ids are the seed's), and who may open them. */
const DETAILS: { roles: Role[]; list: string; href: RegExp }[] = [
  { roles: ['admin', 'merchandiser', 'support'], list: '/catalog', href: new RegExp(`^/catalog/products/${UUID}$`) },
  { roles: ['admin', 'merchandiser'], list: '/inventory', href: new RegExp(`^/inventory/skus/${UUID}$`) },
  {
    roles: ['admin', 'merchandiser'],
    list: '/inventory/purchase-orders',
    href: new RegExp(`^/inventory/purchase-orders/${UUID}$`),
  },
  { roles: ['admin', 'merchandiser'], list: '/surveys', href: new RegExp(`^/surveys/${UUID}$`) },
  { roles: ['admin', 'merchandiser'], list: '/surveys', href: new RegExp(`^/surveys/${UUID}/responses$`) },
  { roles: ['admin', 'merchandiser'], list: '/customers', href: new RegExp(`^/customers/${UUID}$`) },
  { roles: ['admin', 'support'], list: '/support?grade=CRITICAL', href: /^\/support\/users\/[^/?]+(\?.*)?$/ },
];
const DASHBOARD_TABS = ['/dashboards/operations', '/dashboards/errors', '/dashboards/proxies', '/dashboards/sessions'];
const EXTRA: { roles: Role[]; path: string }[] = [
  { roles: ['admin', 'support'], path: '/support/shops/shop-07' },
  // The bulk editor's grid (the seed's whole catalog, its first rows rendered).
  { roles: ['admin', 'merchandiser'], path: '/catalog/bulk-edit' },
  ...DASHBOARD_TABS.map((path) => ({ roles: ['admin', 'support'] as Role[], path })),
];

/**
 * The dark theme changes colours only: a class on <html> that `dark:` colour utilities and one CSS variable read,
 * and the toggle's label. What is rendered and its accessibility tree are the same in both themes (the test
 * 'the dark theme changes colours only' below keeps it so), so the dark pass runs the rules that read colours and
 * the light pass runs them all. Running every rule twice made the two admin walks ~14 of a loaded run's 50 e2e
 * minutes.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
const ALL_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

async function scan(page: Page, scheme: string, findings: Finding[]): Promise<void> {
  await expect(page.locator('h1').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  const axe = new AxeBuilder({ page });
  const result = await (scheme === 'dark' ? axe.withRules(COLOUR_RULES) : axe.withTags(ALL_TAGS)).analyze();
  const where = new URL(page.url()).pathname;
  for (const v of result.violations) {
    // Printed as found, so a run cut short still says what it saw.
    console.log(
      `axe [${v.impact}] ${scheme} ${where} ${v.id} ×${v.nodes.length}: ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
    );
    findings.push({
      page: where,
      scheme,
      id: v.id,
      impact: v.impact ?? 'unknown',
      nodes: v.nodes.length,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    });
  }
}

async function visitAndScan(page: Page, path: string, scheme: string, findings: Finding[]): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await scan(page, scheme, findings);
}

/** Opens the first link on `list` matching `href`, then scans it. */
async function scanDetail(page: Page, list: string, href: RegExp, scheme: string, findings: Finding[]): Promise<void> {
  await page.goto(list);
  await page.waitForLoadState('networkidle');
  const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const target = links.find((l) => href.test(l));
  expect(target, `a link matching ${href} on ${list}`).toBeTruthy();
  await visitAndScan(page, target!, scheme, findings);
}

function report(label: string, findings: Finding[]): void {
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  const count = (fs: Finding[]) => `${fs.length} violation(s), ${fs.reduce((n, f) => n + f.nodes, 0)} element(s)`;
  console.log(`axe ${label}: all ${count(findings)}; serious or critical ${count(serious)}`);
}

async function themedContext(browser: Browser, scheme: 'light' | 'dark') {
  return freshContext(browser, { colorScheme: scheme });
}

for (const scheme of ['light', 'dark'] as const) {
  for (const login of [ADMIN, MERCH, SUPPORT]) {
    test(`axe: every page the ${login.role} opens has no axe violation (${scheme})`, async ({ browser }) => {
      test.setTimeout(2_400_000); // a loaded 2-core machine: each axe run takes seconds
      const context = await themedContext(browser, scheme);
      const page = await context.newPage();
      const findings: Finding[] = [];
      await signIn(page, login.email, login.password);
      await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      // The admin opens every page; the other roles see the same pages with fewer controls, so for them only
      // Home (which differs per role) is scanned: the walk stays minutes, not tens of minutes, on a 2-core machine.
      const everything = login.role === 'admin';
      for (const item of NAV_ITEMS.filter((i) => can(login.role, i.permission) && (everything || i.href === '/'))) {
        await visitAndScan(page, item.href, scheme, findings);
      }
      if (everything) {
        for (const d of DETAILS) await scanDetail(page, d.list, d.href, scheme, findings);
        for (const e of EXTRA) await visitAndScan(page, e.path, scheme, findings);
      }
      await context.close();
      report(`${login.role} ${scheme}`, findings);
      expect(findings).toEqual([]);
    });
  }

  test(`axe: the signed-out pages have no axe violation (${scheme})`, async ({ browser }) => {
    const staff = await themedContext(browser, scheme);
    const merch = await staff.newPage();
    await signIn(merch, MERCH.email, MERCH.password);
    await merch.goto('/surveys');
    await merch.getByRole('link', { name: 'Autumn fit check' }).click();
    const publicPath = (await merch.getByTestId('public-link').innerText()).trim();
    await staff.close();

    const context = await themedContext(browser, scheme);
    const page = await context.newPage();
    const findings: Finding[] = [];
    await visitAndScan(page, '/login', scheme, findings);
    await visitAndScan(page, publicPath, scheme, findings);
    await page.goto('/no-such-page');
    await scan(page, scheme, findings);
    await context.close();
    report(`signed out ${scheme}`, findings);
    expect(findings).toEqual([]);
  });
}

test('the dark theme changes colours only: no `dark:` variant shows, hides or moves anything', () => {
  // What the dark pass leaves out (every rule but the colour ones) holds only while this does.
  const layout =
    /\bdark:(?:[a-z-]+:)*(?:hidden|block|inline|inline-block|flex|inline-flex|grid|contents|table|sr-only|not-sr-only|invisible|visible|collapse|opacity-0|absolute|fixed|relative|static|sticky)\b/;
  const found = ['app', 'components']
    .flatMap((dir) => filesUnder(path.resolve(process.cwd(), dir)))
    .filter((f) => /\.(tsx?|css)$/.test(f) && layout.test(fs.readFileSync(f, 'utf8')));
  expect(found).toEqual([]);
});

test('the keyboard: the first tab stop skips to the page, and the dashboard alert history scrolls by keyboard', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/catalog');
  await expect(page.locator('h1').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  // The next tab stop is inside the page, not the sidebar.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);

  await page.goto('/dashboards');
  const history = page.getByTestId('alerts-history');
  await expect(history).toBeVisible();
  await history.focus();
  await expect(history).toBeFocused();
  expect(await history.getAttribute('tabindex')).toBe('0');
});
