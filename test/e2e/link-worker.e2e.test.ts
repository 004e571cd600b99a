// A link worker on a phone finds an activity and sends a referral; mistakes on the form are shown and write nothing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityNamed, api, base, clientRef } from './support/api.js';
import { errorSummary, focusedId, launch, newPerson, signIn, textOf, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const referralsSent = async () => (await api<{ items: { clientRef: string; status: string }[] }>('demo-link-worker', 'GET', '/v1/referrals?limit=200')).json.items;

describe('Journey: a link worker sends a referral', () => {
  it('finds an activity by words and category, sends a referral, sees it waiting and withdraws another', async () => {
    const { context, page } = await newPerson(browser, base(), { phone: true });
    await signIn(page, 'Link worker, IMAGO Medway');
    await visit(page, 'link-worker-home');

    await page.getByRole('link', { name: 'Find an activity' }).first().click();
    await page.getByLabel('What are you looking for?').fill('walks');
    await page.getByLabel('Type of activity').selectOption('physical_activity');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.nhsuk-card h2').allTextContents()).toEqual(['Riverside health walks, Chatham']);
    await visit(page, 'directory');

    await page.getByRole('link', { name: 'Refer someone to Riverside health walks, Chatham' }).click();
    await visit(page, 'refer');
    const ref = clientRef('MW');
    await page.getByLabel('Client reference').fill(ref);
    await page.getByLabel('Where the referral came from').selectOption('gp');
    await page.getByRole('button', { name: 'Send referral' }).click();
    expect(await textOf(page.locator('.nhsuk-panel__title'))).toBe('Referral sent');
    expect(await textOf(page.locator('.nhsuk-panel'))).toContain(ref);
    await visit(page, 'referral-sent');

    await page.getByRole('link', { name: 'See referrals sent' }).click();
    const card = page.locator('.nhsuk-card', { hasText: ref });
    expect(await textOf(card)).toContain('Waiting for an answer');
    await visit(page, 'referrals-sent');
    await card.getByRole('button', { name: `Withdraw referral ${ref}` }).click();
    expect(await textOf(page.locator('.nhsuk-notification-banner'))).toContain('Referral withdrawn');
    expect((await referralsSent()).find((r) => r.clientRef === ref)?.status).toBe('withdrawn');
    await context.close();
  });

  it.each([
    ['a missing client reference', ''],
    ['an NHS number as the client reference', '943 476 5919'],
  ])('shows %s in an error summary with the API’s message and sends nothing', async (_what, typed) => {
    const activity = await activityNamed('Telephone befriending');
    // What the API itself says about this input: the page must show exactly that.
    const refused = await api<{ errors: { path: string; message: string }[] }>('demo-link-worker', 'POST', '/v1/referrals', { activityId: activity.id, source: 'gp', ...(typed ? { clientRef: typed } : {}) });
    expect(refused.status).toBe(400);
    const message = refused.json.errors.find((e) => e.path === '/clientRef')!.message;
    const { context, page } = await newPerson(browser, base(), { phone: true });
    await signIn(page, 'Link worker, IMAGO Medway', '/directory');
    const before = (await referralsSent()).length;
    await page.getByRole('link', { name: 'Refer someone to Telephone befriending' }).click();
    await page.getByLabel('Client reference').fill(typed);
    await page.getByLabel('Where the referral came from').selectOption('gp');
    await page.getByRole('button', { name: 'Send referral' }).click();

    expect(await textOf(errorSummary(page))).toContain('There is a problem');
    expect(await textOf(errorSummary(page))).toContain(message);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('#clientRef').getAttribute('class')).toContain('nhsuk-input--error');
    // The summary's link takes the person to the field.
    await errorSummary(page).getByRole('link').first().click();
    expect(await focusedId(page)).toBe('clientRef');
    await visit(page, typed ? 'refer-error-nhs-number' : 'refer-error-missing');
    expect((await referralsSent()).length).toBe(before);
    await context.close();
  });
});
