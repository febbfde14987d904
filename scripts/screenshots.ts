// Takes screenshots of the main pages for a look (not a test): `npx tsx scripts/screenshots.ts [baseUrl]`.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../e2e/browser';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.env.SHOTS_DIR ?? 'screenshots';
const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
for (const theme of ['light', 'dark'] as const) {
  for (const [width, label] of [[1280, 'desktop'], [820, 'tablet']] as const) {
    const page = await browser.newPage({ viewport: { width, height: 860 }, colorScheme: theme });
    await page.goto(`${base}/login`);
    await page.screenshot({ path: `${out}/login-${theme}-${label}.png` });
    await page.getByLabel('Email').fill('admin@bobbin.test');
    await page.getByLabel('Password').fill('bobbin-demo-admin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.screenshot({ path: `${out}/home-${theme}-${label}.png`, fullPage: true });
    await page.goto(`${base}/staff`);
    await page.getByRole('button', { name: 'Add staff member' }).click();
    await page.screenshot({ path: `${out}/staff-${theme}-${label}.png`, fullPage: true });
    await page.goto(`${base}/audit`);
    await page.screenshot({ path: `${out}/audit-${theme}-${label}.png`, fullPage: true });
    for (const [name, path] of [['catalog', '/catalog'], ['categories', '/catalog/categories'], ['suppliers', '/catalog/suppliers'], ['import', '/catalog/import'], ['new-product', '/catalog/products/new']]) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
      await page.screenshot({ path: `${out}/${name}-${theme}-${label}.png`, fullPage: true });
    }
    await page.goto(`${base}/catalog`);
    await page.getByTestId('product-table').locator('tbody a').first().click();
    await page.getByRole('heading', { name: 'Variants' }).waitFor();
    await page.screenshot({ path: `${out}/product-${theme}-${label}.png`, fullPage: true });
    await page.close();
  }
}
await browser.close();
console.log(`screenshots in ${out}/`);
