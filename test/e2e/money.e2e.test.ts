// Fund managers draft a payment run and a second approves and watches it pay; the commissioner sees it, verifies the trail and downloads the CSV.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, base, user, who } from './support/api.js';
import { poll } from './support/server.js';
import { errorSummary, fillDate, launch, londonToday, newPerson, signIn, textOf, visit } from './support/browser.js';

let browser: Browser;
let runId = '';

interface Fund {
  id: string;
  availablePence: number;
}

const fund = async () => (await api<{ items: Fund[] }>('demo-fund-manager-1', 'GET', '/v1/funds')).json.items[0]!;
const agreementCount = async (fundId: string) => (await api<{ items: unknown[] }>('demo-fund-manager-1', 'GET', `/v1/funds/${fundId}/agreements?limit=200`)).json.items.length;

// Fund managers find their fund through GET /v1/funds (issue 11). Until the API has it these journeys
// cannot start, and say so rather than fail on a route that is not there yet.
const fundsListed = (await api('demo-fund-manager-1', 'GET', '/v1/funds')).status === 200;
if (!fundsListed) console.warn('money.e2e: GET /v1/funds is not in this API yet; the fund manager and commissioner journeys are skipped.');

beforeAll(async () => {
  if (!fundsListed) return;
  browser = await launch();
  // Medway Walking Friends can be paid (as in the VCSE journey); its block instalments are payable.
  const walkingFriends = user('demo-vcse-1').organisationId!;
  const { json: link } = await api<{ url: string }>('demo-vcse-1', 'POST', `/v1/organisations/${walkingFriends}/stripe-onboarding`);
  await fetch(link.url);
  await poll('Medway Walking Friends to be able to receive payments', async () => ((await api<{ payoutsEnabled: boolean }>('demo-vcse-1', 'GET', `/v1/organisations/${walkingFriends}`)).json.payoutsEnabled ? true : undefined), 30_000);
});
afterAll(() => browser?.close());

describe.runIf(fundsListed)('Journey: money from the fund to an organisation, and the commissioner’s view of it', () => {
  it('shows the fund at a glance and refuses an agreement the fund cannot cover, writing nothing', async () => {
    const before = await fund();
    const agreements = await agreementCount(before.id);
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-fund-manager-1'));
    await visit(page, 'fund-manager-home');
    await page.getByRole('link', { name: 'Fund', exact: true }).click();
    expect(await textOf(page.locator('main'))).toContain('£300,000.00');
    await visit(page, 'fund');
    await page.getByRole('link', { name: 'Agreements', exact: true }).first().click();
    await visit(page, 'agreements');
    await page.getByRole('link', { name: 'Set up an agreement' }).click();
    await page.getByLabel('Organisation').selectOption({ label: 'Swale Advice Centre (fictional)' });
    await page.getByLabel('Block', { exact: true }).check();
    await page.getByLabel('Referrals each period').fill('10');
    await page.getByLabel('Block amount').fill('999999');
    // From today to the end of the demo fund's financial year (31 March), whatever today is.
    const today = londonToday();
    await fillDate(page, 'Start date', today);
    await fillDate(page, 'End date', { day: '31', month: '3', year: String(Number(today.year) + (Number(today.month) >= 4 ? 1 : 0)) });
    await page.getByRole('button', { name: 'Set up agreement' }).click();
    expect(await textOf(errorSummary(page))).toMatch(/fund/i);
    expect(await page.locator('#amount').getAttribute('class')).toContain('nhsuk-input--error');
    await visit(page, 'agreement-fund-exhausted');
    expect(await agreementCount(before.id)).toBe(agreements);
    expect((await fund()).availablePence).toBe(before.availablePence);
    await context.close();
  });

  it('drafts a run whose drafter cannot approve it, and a second fund manager approves it and watches it pay', async () => {
    const drafter = await newPerson(browser, base());
    await signIn(drafter.page, who('demo-fund-manager-1'), '/fund/runs');
    await visit(drafter.page, 'payment-runs');
    // The demo leaves a draft of today's: a fund has one draft at a time, so it is discarded first.
    const seededDraft = drafter.page.locator('tr', { hasText: 'Waiting for approval' }).getByRole('link');
    if (await seededDraft.count()) {
      await seededDraft.first().click();
      await drafter.page.getByRole('button', { name: 'Discard this draft' }).click();
      await drafter.page.waitForURL(/\/fund\/runs/);
    }
    // The boxes suggest today; the drafter types it anyway, as someone choosing another date would.
    await fillDate(drafter.page, 'Date to pay up to', londonToday());
    await drafter.page.getByRole('button', { name: 'Draft payment run' }).click();
    await drafter.page.waitForURL(/\/runs\/run_/);
    runId = /\/runs\/(run_[0-9A-Z]+)/.exec(drafter.page.url())![1]!;
    const today = londonToday();
    expect((await api<{ through: string }>('demo-fund-manager-1', 'GET', `/v1/payout-runs/${runId}`)).json.through).toBe(`${today.year}-${today.month.padStart(2, '0')}-${today.day.padStart(2, '0')}`);
    expect(await textOf(drafter.page.locator('main'))).toContain('another fund manager must approve it');
    expect(await textOf(drafter.page.locator('main'))).toContain('Medway Walking Friends');
    await visit(drafter.page, 'payment-run-draft');
    await drafter.page.getByRole('button', { name: 'Approve and pay' }).click();
    const { json: refusal } = await api<{ detail: string }>('demo-fund-manager-1', 'POST', `/v1/payout-runs/${runId}/approve`);
    expect(await textOf(errorSummary(drafter.page))).toContain(refusal.detail);
    expect((await api<{ status: string }>('demo-fund-manager-1', 'GET', `/v1/payout-runs/${runId}`)).json.status).toBe('draft');
    await drafter.context.close();

    const second = await newPerson(browser, base(), { phone: true });
    await signIn(second.page, who('demo-fund-manager-2'), `/runs/${runId}`);
    await second.page.getByRole('button', { name: 'Approve and pay' }).click();
    await second.page.waitForURL(/done=approved/);
    // The live bar asks for progress and the page reloads itself to the final state.
    await poll('the run to show as paid', async () => ((await second.page.locator('main').innerText()).includes('Paid') && !(await second.page.locator('[data-live="true"]').count()) ? true : undefined), 60_000);
    await visit(second.page, 'payment-run-paid');
    expect((await api<{ status: string }>('demo-fund-manager-2', 'GET', `/v1/payout-runs/${runId}`)).json.status).toBe('paid');
    await second.context.close();
  });

  it('lets the commissioner see the payment, verify the audit trail and download the spend CSV', async () => {
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-commissioner'), '/spend');
    const byOrganisation = page.locator('section', { has: page.getByRole('heading', { name: 'Spend by organisation' }) });
    const row = byOrganisation.locator('tr', { hasText: 'Medway Walking Friends' });
    expect(await textOf(row)).not.toMatch(/£0\.00$/);
    // Chart.js drew each of the four spend charts beside its table.
    expect(await page.evaluate('Object.keys(window.Chart ? window.Chart.instances : {}).length')).toBe(4);
    await visit(page, 'spend');

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('button', { name: 'Verify the audit trail' }).click();
    expect(await textOf(page.locator('.nhsuk-panel'))).toContain('The audit trail is intact');
    await visit(page, 'audit');

    await page.getByRole('link', { name: 'Downloads' }).click();
    await visit(page, 'downloads');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Spend data (CSV)' }).click()]);
    const stream = await download.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += String(chunk);
    expect(csv).toContain('Medway Walking Friends');
    await context.close();
  });
});
