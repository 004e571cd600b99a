// A VCSE treasurer reads the statement and prints it; a VCSE fixes an activity's contact and pauses it; a fund manager sees who can be paid.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base, who } from './support/api.js';
import { errorSummary, focusedId, launch, newPerson, signIn, textOf, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('Journey: a VCSE organisation’s money and activities', () => {
  it('shows the statement as a compact remittance advice: each payment, its bank payout, the referrals it paid for by client reference; prints everything', async () => {
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-vcse-1'));
    await page.getByRole('link', { name: 'Statement', exact: true }).first().click();
    await page.waitForURL(/\/statement$/);
    expect(await textOf(page.locator('h1'))).toBe('Statement');
    const payments = page.locator('table', { has: page.locator('caption', { hasText: /^Payments$/ }) });
    await visit(page, 'vcse-statement');
    const first = payments.locator('tbody tr').first();
    expect(await textOf(first)).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} £[\d,]+\.\d{2} (Stripe payout|Waiting for Stripe)/);
    // The demo's paid run has reached the bank: Stripe paid it out, and the webhook named the payout.
    expect(await textOf(payments)).toMatch(/Stripe payout po_[A-Za-z0-9]+/);
    // A long list of what it paid for is folded; opening it shows each referral by client reference.
    const fold = first.locator('details');
    if ((await fold.count()) > 0) await fold.locator('summary').click();
    expect(await textOf(first)).toMatch(/Referral [A-Za-z0-9/_-]+, accepted \d{1,2} [A-Z][a-z]+ \d{4}: £[\d,]+\.\d{2}|Block instalment for [A-Z][a-z]+ \d{4}: £/);
    if ((await fold.count()) > 0) await fold.locator('summary').click();
    // A treasurer knows referrals by client reference: no platform ids on the page.
    expect(await textOf(page.locator('main'))).not.toMatch(/\bref_|\brun_/);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.locator('.nhsuk-header').isVisible()).toBe(false);
    // Folded lists print open: every item of every payment is on paper.
    const folded = page.locator('main .pop-remittance details:not([open]) .nhsuk-details__text');
    expect(await folded.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await folded.count()); i += 1) expect(await folded.nth(i).isVisible()).toBe(true);
    await context.close();
  });

  it('shows agreements with capacity used this period as a meter', async () => {
    const { context, page } = await newPerson(browser, base(), { phone: true });
    await signIn(page, who('demo-vcse-1'), '/agreements');
    expect(await textOf(page.locator('main'))).toMatch(/\d+ of \d+ used in [A-Z][a-z]+ \d{4}/);
    expect(await page.locator('meter.pop-meter').count()).toBeGreaterThan(0);
    await visit(page, 'vcse-agreements');
    await context.close();
  });

  it('refuses a bad contact e-mail with the API’s message on the field, then pauses and reopens the activity', async () => {
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-vcse-3'), '/activities');
    await visit(page, 'vcse-activities');
    await page.locator('a[href^="/activities/act_"]').first().click();
    await page.waitForURL(/\/activities\/act_/);
    await page.getByLabel('Work e-mail').fill('not-an-e-mail');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await textOf(errorSummary(page))).toContain('Enter an e-mail address');
    expect(await page.title()).toMatch(/^Error: /);
    await visit(page, 'vcse-activity-error');
    await page.locator('.nhsuk-error-summary a').first().click();
    expect(await focusedId(page)).toBe('contactEmail');
    await page.getByRole('button', { name: 'Pause activity' }).click();
    await page.waitForURL(/done=paused/);
    expect(await textOf(page.locator('main'))).toContain('Paused');
    await page.locator('a[href^="/activities/act_"]').first().click();
    await page.getByRole('button', { name: 'Reopen activity' }).click();
    await page.waitForURL(/done=active/);
    await context.close();
  });

  it('shows a fund manager which organisations can receive payments', async () => {
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-fund-manager-1'), '/organisations');
    expect(await textOf(page.locator('main'))).toMatch(/\d+ of \d+ voluntary and community organisations can receive payments/);
    await visit(page, 'fund-organisations');
    await context.close();
  });
});
