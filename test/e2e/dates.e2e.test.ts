// Dates typed as Day, Month and Year: a VCSE logs a referral accepted elsewhere (with and without JavaScript) and filters its statement.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, base, clientRef, who } from './support/api.js';
import { errorSummary, fillDate, focusedId, launch, londonToday, newPerson, signIn, textOf, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

interface Listed {
  clientRef: string;
  acceptedAt: string | null;
}

/** The VCSE's accepted referral with this client reference, looked for page by page. */
const acceptedReferral = async (ref: string): Promise<Listed | undefined> => {
  let cursor: string | null = '';
  while (cursor !== null) {
    const { json }: { json: { items: Listed[]; nextCursor: string | null } } = await api('demo-vcse-1', 'GET', `/v1/referrals?status=accepted&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const found = json.items.find((r) => r.clientRef === ref);
    if (found) return found;
    cursor = json.nextCursor;
  }
  return undefined;
};

const fillLogForm = async (page: Page, ref: string) => {
  await page.goto('/referrals/log');
  await page.getByLabel('Activity').selectOption({ label: 'Riverside health walks, Chatham' });
  await page.getByLabel('Client reference').fill(ref);
  await page.getByLabel('Where the referral came from').selectOption('gp');
  await page.getByLabel('Reference on the other platform').fill(`OTHER-${ref}`);
};

/** Each of a date's boxes: what it holds and whether it is red. */
const boxStates = (page: Page, field: string) =>
  Promise.all(['day', 'month', 'year'].map(async (part) => {
    const box = page.locator(`#${field}-${part}`);
    return [await box.inputValue(), ((await box.getAttribute('class')) ?? '').includes('nhsuk-input--error')] as const;
  }));

describe('Journey: dates typed in three boxes', () => {
  it('refuses 31 February with the API’s words on the boxes, moves focus to the day box from the summary, then logs the referral', async () => {
    const ref = clientRef('LOG');
    const today = londonToday();
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who('demo-vcse-1'), '/referrals');
    await page.getByRole('link', { name: 'Log a referral you accepted on another platform' }).click();
    await page.waitForURL(/\/referrals\/log$/);
    await visit(page, 'vcse-log');
    await fillLogForm(page, ref);
    await fillDate(page, 'Acceptance date', { day: '31', month: '2', year: today.year });
    await page.getByRole('button', { name: 'Log referral' }).click();

    expect(await textOf(errorSummary(page))).toContain('Acceptance date must be a real calendar date.');
    expect(await page.title()).toMatch(/^Error: /);
    // All three boxes are red (the API judges the date whole) and each keeps what was typed.
    expect(await boxStates(page, 'acceptedAt')).toEqual([['31', true], ['2', true], [today.year, true]]);
    expect(await page.getByLabel('Client reference').inputValue()).toBe(ref);
    await visit(page, 'vcse-log-date-refused');
    await errorSummary(page).getByRole('link', { name: 'Acceptance date must be a real calendar date.' }).click();
    expect(await focusedId(page)).toBe('acceptedAt-day');
    expect(await acceptedReferral(ref)).toBeUndefined();

    // A year of two figures is refused on the page, on the year box alone.
    await fillDate(page, 'Acceptance date', { ...today, year: today.year.slice(2) });
    await page.getByRole('button', { name: 'Log referral' }).click();
    expect(await textOf(errorSummary(page))).toContain('Year must include 4 numbers');
    expect((await boxStates(page, 'acceptedAt')).map(([, red]) => red)).toEqual([false, false, true]);
    await errorSummary(page).getByRole('link', { name: 'Year must include 4 numbers' }).click();
    expect(await focusedId(page)).toBe('acceptedAt-year');

    await fillDate(page, 'Acceptance date', today);
    await page.getByRole('button', { name: 'Log referral' }).click();
    expect(await textOf(page.locator('.nhsuk-notification-banner'))).toContain('Referral logged and funded.');
    expect(await acceptedReferral(ref)).toBeDefined();
    await context.close();
  });

  it('logs a referral and filters the statement by dates typed in boxes with JavaScript off', async () => {
    const ref = clientRef('NOJS-LOG');
    const today = londonToday();
    const { context, page } = await newPerson(browser, base(), { javaScript: false });
    await signIn(page, who('demo-vcse-1'), '/referrals/log');
    await fillLogForm(page, ref);
    await fillDate(page, 'Acceptance date', { day: ` ${today.day.padStart(2, '0')} `, month: today.month.padStart(2, '0'), year: today.year });
    await page.getByRole('button', { name: 'Log referral' }).click();
    expect(await textOf(page.locator('.nhsuk-notification-banner'))).toContain('Referral logged and funded.');
    expect(await acceptedReferral(ref)).toBeDefined();

    // The statement's dates: a missing month is refused before anything is asked of the API, then a range is shown.
    await page.goto('/statement');
    await page.locator('summary', { hasText: 'Choose dates' }).click();
    await fillDate(page, 'From date (optional)', { day: '1', month: '', year: today.year });
    await page.getByRole('button', { name: 'Show these dates' }).click();
    expect(await textOf(errorSummary(page))).toContain('From date must include a month');
    await visit(page, 'nojs-vcse-statement-date-refused', { axe: false });
    await fillDate(page, 'From date (optional)', { day: '1', month: '1', year: today.year });
    await fillDate(page, 'To date (optional)', today);
    await page.getByRole('button', { name: 'Show these dates' }).click();
    expect(page.url()).toContain('from-day=1&from-month=1');
    expect(await textOf(page.locator('main'))).toMatch(new RegExp(`for from 1 January ${today.year} to \\d{1,2} [A-Z][a-z]+ ${today.year}\\.`));
    await context.close();
  });
});
