import { expect, test, type Page } from '@playwright/test';
import { MERCH, SUPPORT, freshContext, signIn, unique, uniqueEmail } from './helpers';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * Drags question `from` by its handle onto the lower part of card `to` with real mouse moves (Playwright's
 * dragTo scrolls the target into view mid-drag, which Chromium does not treat as a drag).
 */
async function dragQuestion(page: Page, from: number, to: number) {
  const handle = page.getByTestId(`drag-${from}`);
  await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const a = (await handle.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 10, a.y - 20, { steps: 5 });
  const b = (await page.getByTestId(`builder-question-${to}`).boundingBox())!;
  await page.mouse.move(b.x + 40, Math.max(b.y + b.height - 40, 10), { steps: 10 });
  await page.mouse.up();
}

/** Customers preferring size `size` of tops on the demand page. */
async function demandFor(page: Page, size: string): Promise<number> {
  await page.goto('/surveys/demand?garment=tops');
  return Number(await page.getByTestId(`demand-${size}`).locator('td').first().innerText());
}

test('a merchandiser builds and publishes a survey; a customer answers it on a phone; staff see charts, profile and demand; closing refuses answers', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await signIn(page, MERCH.email, MERCH.password);
  const xsBefore = await demandFor(page, 'XS');

  // Build: the new draft starts with a tops size question; add a fit question, a conditional follow-up, a style picker.
  const title = `Fit check ${unique()}`;
  await page.goto('/surveys');
  await page.getByLabel('New survey title').fill(title);
  await page.getByRole('button', { name: 'Create survey' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByLabel('Question 1 type')).toHaveValue('size');

  await page.getByLabel('Add a question').selectOption('single');
  await page.getByLabel('Question 2 text').fill('How should it fit?');
  await page.getByLabel('Question 2 option 1', { exact: true }).fill('Slim');
  await page.getByLabel('Question 2 option 2', { exact: true }).fill('Loose');
  await page.getByLabel('Question 2 profile field').selectOption('fit');
  await page.getByLabel('Add a question').selectOption('style');
  await page.getByLabel('Question 3 text').fill('Which styles do you like?');
  await page.getByLabel('Question 3 option 1', { exact: true }).fill('Minimal');
  await page.getByLabel('Question 3 option 2', { exact: true }).fill('Boho');
  await page.getByLabel('Question 3 profile field').selectOption('styles');
  await page.getByLabel('Add a question').selectOption('short_text');
  await page.getByLabel('Question 4 text').fill('Why loose?');
  await page.getByTestId('builder-question-3').getByLabel('Required').check();
  // Reorder with the keyboard-reachable buttons: the follow-up goes right under the fit question.
  await page.getByRole('button', { name: 'Move question 4 up' }).click();
  await expect(page.getByLabel('Question 3 text')).toHaveValue('Why loose?');
  await page.getByLabel('Question 3 condition').selectOption({ label: 'How should it fit?' });
  await page.getByTestId('builder-question-2').getByLabel('Loose').check();
  // Drag the fit question above the size question by its handle, then put it back with the keyboard.
  await dragQuestion(page, 1, 0);
  await expect(page.getByLabel('Question 1 text')).toHaveValue('How should it fit?');
  await page.getByRole('button', { name: 'Move question 1 down' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Question 2 text')).toHaveValue('How should it fit?');
  await expect(page.getByLabel('Question 3 condition')).toHaveValue('q2'); // the follow-up's condition survived

  // Live preview: the follow-up appears only for "Loose".
  const preview = page.getByTestId('builder-preview');
  await expect(preview.getByText('Why loose?')).toHaveCount(0);
  await preview.getByText('Loose', { exact: true }).click();
  await expect(preview.getByText('Why loose?')).toBeVisible();

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('builder-message')).toHaveText('Draft saved.');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('public-link')).toBeVisible();
  const publicPath = (await page.getByTestId('public-link').innerText()).trim();
  const builderUrl = page.url();

  // A customer, not signed in, on a phone.
  const customer = await freshContext(browser, PHONE);
  const phone = await customer.newPage();
  await phone.goto(publicPath);
  await expect(phone.getByRole('heading', { name: title })).toBeVisible();
  await expect(phone.getByText('Why loose?')).toHaveCount(0);
  await phone.getByText('Loose', { exact: true }).click();
  await expect(phone.getByLabel(/Why loose\?/)).toBeVisible();
  // Forgot the size and the follow-up: both are named in the summary and next to their questions; nothing stored.
  await phone.getByRole('button', { name: 'Send answers' }).click();
  const summary = phone.getByTestId('error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('There are 2 problems with your answers');
  await expect(phone.getByTestId('error-q1')).toHaveText('Please choose an answer.');
  await expect(phone.getByTestId('error-q4')).toHaveText('Please answer this question.');
  // Fix them: the earlier answers are still there.
  await expect(phone.getByRole('radio', { name: 'Loose' })).toBeChecked();
  await phone.getByText('XS', { exact: true }).click();
  await phone.getByLabel(/Why loose\?/).fill('Room to layer');
  await phone.getByText('Minimal', { exact: true }).click();
  const email = uniqueEmail('customer');
  await phone.getByLabel(/Email/).fill(email);
  await phone.getByRole('button', { name: 'Send answers' }).click();
  await expect(phone.getByTestId('survey-thanks')).toBeVisible();

  // Staff: the response in the charts and table, the profile, the demand view.
  await page.goto(`${builderUrl}/responses`);
  await expect(page.getByTestId('stat-responses-value')).toHaveText('1');
  await expect(page.getByTestId('chart-q1')).toContainText('XS: 1');
  await expect(page.getByTestId('chart-q2')).toContainText('Loose: 1');
  await expect(page.getByTestId('responses-table')).toContainText('Room to layer');
  // A chart legend drills into the filter; the CSV export link carries exactly that filter.
  await page.getByTestId('chart-q2').getByRole('link', { name: /Slim/ }).click();
  await expect(page.getByLabel('Answered')).toHaveValue('q2:o1');
  await expect(page.getByTestId('response-row')).toHaveCount(0);
  await expect(page.getByTestId('export-csv')).toHaveAttribute('href', /\?question=q2&answer=o1$/);
  const csv = await (await page.request.get((await page.getByTestId('export-csv').getAttribute('href'))!)).text();
  expect(csv.trim().split('\n')).toHaveLength(1); // the header only, like the empty table
  // The table sorts by submitted time (a header link with aria-sort); the export link carries the sort.
  await page.goto(`${builderUrl}/responses`);
  await page.getByTestId('sort-submitted').click();
  await expect(page).toHaveURL(/\?sort=submitted$/);
  await expect(page.getByRole('columnheader', { name: /Submitted/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('response-row')).toHaveCount(1);
  await expect(page.getByTestId('export-csv')).toHaveAttribute('href', /\?sort=submitted$/);
  await page.goto('/customers?size=tops%3AXS');
  await page.getByRole('link', { name: email }).click();
  await expect(page.getByTestId('pref-tops-size')).toContainText('XS');
  await expect(page.getByTestId('pref-tops-size')).toContainText(title);
  // Only an email was typed: anyone could have, so the values are marked unverified.
  await expect(page.getByTestId('pref-tops-size')).toContainText('unverified');
  await expect(page.getByTestId('pref-fit')).toContainText('Loose');
  await expect(page.getByTestId('pref-styles')).toContainText('Minimal');
  await expect(page.getByTestId('answer-history')).toContainText('Room to layer');
  expect(await demandFor(page, 'XS')).toBe(xsBefore + 1);
  await expect(page.getByTestId('demand-unverified-XS')).not.toHaveText('0');

  // The customer's personal link: no email asked; the newer size wins on the profile.
  await page.goBack();
  const personal = (await page.getByTestId('personal-link').filter({ hasText: publicPath }).innerText()).trim();
  await phone.goto(personal);
  await expect(phone.getByText(`You are answering through your personal link (${email})`)).toBeVisible();
  await phone.getByText('M', { exact: true }).click();
  await phone.getByText('Slim', { exact: true }).click();
  await phone.getByRole('button', { name: 'Send answers' }).click();
  await expect(phone.getByTestId('survey-thanks')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('pref-tops-size')).toContainText('M');
  await expect(page.getByTestId('pref-tops-size')).not.toContainText('unverified'); // the link proves who answered
  await expect(page.getByTestId('pref-fit')).toContainText('Slim');
  // Kept: no verified styles yet, so the typed-email answer still shows, marked.
  await expect(page.getByTestId('pref-styles')).toContainText('Minimal');
  await expect(page.getByTestId('pref-styles')).toContainText('unverified');
  await expect(page.getByTestId('answer-history').locator('li')).toHaveCount(2);

  // Close: a form already open on the phone is refused, and the page says closed.
  await phone.goto(publicPath);
  await page.goto(builderUrl);
  await page.getByRole('button', { name: 'Close survey' }).click();
  await expect(page.getByTestId('close-message')).toContainText('Closed');
  await phone.getByText('S', { exact: true }).click();
  await phone.getByText('Slim', { exact: true }).click();
  await phone.getByRole('button', { name: 'Send answers' }).click();
  await expect(phone.getByTestId('error-summary')).toContainText('This survey is closed');
  await phone.goto(publicPath);
  await expect(phone.getByTestId('survey-closed')).toBeVisible();
  await customer.close();
});

test('the public form works without JavaScript (plain form post), and unknown links get a clear page', async ({
  page,
  browser,
}) => {
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/surveys');
  const row = page.getByTestId('survey-table').getByRole('row').filter({ hasText: 'Autumn fit check' });
  const publicPath = (await row.getByText(/^\/s\//).innerText()).trim();

  const ctx = await freshContext(browser, { ...PHONE, javaScriptEnabled: false });
  const phone = await ctx.newPage();
  await phone.goto('/s/no-such-survey');
  await expect(phone.getByTestId('survey-missing')).toBeVisible();
  await phone.goto(publicPath);
  // Without JavaScript every question shows; a follow-up says when it applies and the server ignores it otherwise.
  await expect(phone.getByTestId('condition-relaxed_why')).toBeVisible();
  await phone.getByRole('button', { name: 'Send answers' }).click();
  await expect(phone.getByTestId('error-summary')).toContainText('There are 2 problems');
  await expect(phone.getByTestId('error-top_size')).toHaveText('Please choose an answer.');
  await phone.getByText('XS', { exact: true }).click();
  await phone.getByText('Regular', { exact: true }).click();
  await phone.getByRole('button', { name: 'Send answers' }).click();
  await expect(phone.getByTestId('survey-thanks')).toBeVisible();
  await ctx.close();
});

test('support staff cannot open surveys or customer profiles', async ({ page }) => {
  await signIn(page, SUPPORT.email, SUPPORT.password);
  for (const path of ['/surveys', '/customers', '/surveys/demand', '/surveys/size-chart']) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(403);
  }
});

test('a merchandiser adds a size to the chart and a new survey offers it in the builder preview and on the public form', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, MERCH.email, MERCH.password);
  await page.goto('/surveys/demand?garment=shoes');
  await page.getByRole('link', { name: 'size chart' }).click();
  await expect(page.getByRole('heading', { name: 'Size chart' })).toBeVisible();
  await expect(page.getByTestId('chart-scope')).toContainText(
    'Published versions keep the sizes they were published with',
  );
  const shoes = page.getByTestId('garment-shoes');

  // A duplicate is refused next to its row and nothing is saved.
  await shoes.getByLabel('New Shoes size code').fill('36');
  await shoes.getByRole('button', { name: 'Add size' }).click();
  await shoes.getByRole('button', { name: 'Save shoes sizes' }).click();
  await expect(shoes.getByText('Size 36 is listed twice.')).toBeVisible();
  await shoes.getByRole('button', { name: 'Remove Shoes size 36' }).last().click();

  // Add 46 with its own label and save.
  await shoes.getByLabel('New Shoes size code').fill('46');
  await shoes.getByLabel('New Shoes size code').press('Enter');
  await shoes.getByLabel('Shoes size 11 label').fill('EU 46');
  await shoes.getByRole('button', { name: 'Save shoes sizes' }).click();
  await expect(page.getByTestId('sizes-message-shoes')).toContainText('Shoes sizes saved (11)');

  // The builder's preview of a new shoes size question offers it.
  const title = `Shoe fit ${unique()}`;
  await page.goto('/surveys');
  await page.getByLabel('New survey title').fill(title);
  await page.getByRole('button', { name: 'Create survey' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await page.getByLabel('Question 1 garment type').selectOption('shoes');
  await expect(page.getByTestId('builder-preview').getByText('EU 46', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('builder-message')).toHaveText('Draft saved.');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('public-link')).toBeVisible();
  const publicPath = (await page.getByTestId('public-link').innerText()).trim();

  // A customer picks it on the public form and the answer is accepted.
  const customer = await freshContext(browser, PHONE);
  const phone = await customer.newPage();
  await phone.goto(publicPath);
  await phone.getByText('EU 46', { exact: true }).click();
  await phone.getByRole('button', { name: 'Send answers' }).click();
  await expect(phone.getByTestId('survey-thanks')).toBeVisible();
  await customer.close();

  // Put the chart back for the other tests (the server's database is shared): remove 46 again.
  await page.goto('/surveys/size-chart');
  await shoes.getByRole('button', { name: 'Remove Shoes size 46' }).click();
  await shoes.getByRole('button', { name: 'Save shoes sizes' }).click();
  await expect(page.getByTestId('sizes-message-shoes')).toContainText('Shoes sizes saved (10)');
});
