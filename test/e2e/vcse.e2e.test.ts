// A VCSE answers referrals (with JavaScript off), records an outcome, meets a stale page and full capacity, and sets up payments.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, base, sendReferral, who } from './support/api.js';
import { poll } from './support/server.js';
import { errorSummary, launch, newPerson, signIn, textOf, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const statusOf = async (sub: string, id: string) => (await api<{ status: string; outcome: string | null }>(sub, 'GET', `/v1/referrals/${id}`)).json;

const answer = async (page: Page, ref: string) => {
  await page.goto('/referrals');
  await page.getByRole('link', { name: `Answer referral ${ref}` }).click();
  await page.waitForURL(/\/referrals\/ref_/);
};

describe('Journey: a VCSE answers its referrals', () => {
  it('declines one with a reason and accepts another, then records the outcome, all without JavaScript', async () => {
    const [first, second] = [await sendReferral('Riverside health walks, Chatham'), await sendReferral('Riverside health walks, Chatham')];
    const { context, page } = await newPerson(browser, base(), { javaScript: false });
    await signIn(page, who('demo-vcse-1'));
    await visit(page, 'nojs-vcse-home', { axe: false });
    expect(await textOf(page.locator('main'))).toMatch(/\d+ referrals? waiting for your answer/);

    await page.getByRole('link', { name: 'Referrals', exact: true }).click();
    await visit(page, 'nojs-vcse-inbox', { axe: false });
    await answer(page, first.clientRef);
    await visit(page, 'nojs-vcse-referral', { axe: false });
    await page.getByLabel('The activity is full').check();
    await page.getByRole('button', { name: 'Decline referral' }).click();
    expect(await textOf(page.locator('.nhsuk-notification-banner'))).toContain('Referral declined');
    expect((await statusOf('demo-vcse-1', first.id)).status).toBe('declined');

    await answer(page, second.clientRef);
    await page.getByRole('button', { name: 'Accept referral' }).click();
    expect(await textOf(page.locator('.nhsuk-notification-banner'))).toContain('Referral accepted');
    expect((await statusOf('demo-vcse-1', second.id)).status).toBe('accepted');

    await page.getByRole('link', { name: `Record outcome for ${second.clientRef}` }).click();
    await page.getByLabel('Attended').check();
    await page.getByRole('button', { name: 'Record outcome' }).click();
    expect(await textOf(page.locator('.nhsuk-notification-banner'))).toContain('Outcome recorded');
    expect((await statusOf('demo-vcse-1', second.id)).outcome).toBe('attended');
    await context.close();
  });

  it('shows the API’s reason when a page was left open after the referral was answered elsewhere, and changes nothing', async () => {
    const referral = await sendReferral('Riverside health walks, Chatham');
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-vcse-1'), '/referrals');
    await visit(page, 'vcse-inbox');
    await answer(page, referral.clientRef);
    // Someone else in the organisation declines it from another tab.
    const other = await context.newPage();
    await answer(other, referral.clientRef);
    await other.getByLabel('We could not contact the person').check();
    await other.getByRole('button', { name: 'Decline referral' }).click();
    await other.waitForURL(/done=declined/);

    await visit(page, 'vcse-referral');
    await page.getByRole('button', { name: 'Accept referral' }).click();
    const { json: problem } = await api<{ detail: string }>('demo-vcse-1', 'POST', `/v1/referrals/${referral.id}/accept`);
    // The API's own words, naming the referral by the client reference the person knows rather than its id.
    expect(await textOf(errorSummary(page))).toContain(problem.detail.replace(referral.id, referral.clientRef));
    expect(await textOf(errorSummary(page))).not.toContain(referral.id);
    expect(await textOf(page.locator('main'))).toContain('Declined');
    await visit(page, 'vcse-referral-stale');
    expect((await statusOf('demo-vcse-1', referral.id)).status).toBe('declined');
    await context.close();
  });

  it('shows capacity exhausted in an error summary and leaves the referral waiting', async () => {
    // Fill Gillingham Community Garden's places this month (40 per referral), then one more referral arrives.
    const activity = 'Green gym and allotment sessions';
    // Eight at a time (the API settles who gets the last places); a refusal means the places are gone.
    let full = false;
    for (let round = 0; round < 8 && !full; round += 1) {
      const sent = await Promise.all(Array.from({ length: 8 }, () => sendReferral(activity)));
      const statuses = await Promise.all(sent.map(async (r) => (await api('demo-vcse-3', 'POST', `/v1/referrals/${r.id}/accept`)).status));
      expect(statuses.every((status) => status === 200 || status === 409), statuses.join(', ')).toBe(true);
      full = statuses.includes(409);
    }
    expect(full).toBe(true);
    const last = await sendReferral(activity);
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-vcse-3'));
    await answer(page, last.clientRef);
    await page.getByRole('button', { name: 'Accept referral' }).click();
    expect(await textOf(errorSummary(page))).toMatch(/capacity|places|full/i);
    await visit(page, 'vcse-capacity-exhausted');
    expect((await statusOf('demo-vcse-3', last.id)).status).toBe('sent');
    await context.close();
  });

  it('sets up payments from its page through Stripe’s onboarding and then shows it can be paid', async () => {
    const { context, page } = await newPerson(browser, base(), { phone: true });
    // The Swale Advice Centre is the demo organisation that has not set up payments yet.
    await signIn(page, who('demo-vcse-4'));
    await visit(page, 'vcse-home');
    // On a phone the navigation folds into a menu; the home page's task list links straight to it.
    await page.getByRole('link', { name: 'Set up payments so that your organisation can be paid' }).click();
    await visit(page, 'vcse-payments-setup');
    await page.getByRole('button', { name: /Set up payments|Continue setting up payments/ }).click();
    // The local Stripe sandbox completes onboarding on opening the link and sends Stripe back to us.
    await page.waitForURL(/onboarding-complete/);
    await poll('payouts to be enabled', async () => {
      await page.goto('/payments-setup');
      return (await page.locator('main').innerText()).includes('Ready to receive payments') ? true : undefined;
    }, 30_000);
    await visit(page, 'vcse-payments-ready');
    await context.close();
  });
});
