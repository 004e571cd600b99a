// Keyboard alone: a link worker signs in, finds an activity and sends a referral without touching a mouse.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base, clientRef } from './support/api.js';
import { launch, newPerson, tabTo, textOf } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('Journey: by keyboard alone', () => {
  it('signs in, finds an activity and sends a referral with Tab, typing and Enter', async () => {
    const { context, page } = await newPerson(browser, base());
    await page.goto('/');
    await tabTo(page, /^Sign in as Link worker, IMAGO Medway$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base()}/`);

    await tabTo(page, /^Find an activity$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/directory/);
    await tabTo(page, /What are you looking for/);
    await page.keyboard.type('befriending');
    await tabTo(page, /^Search$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=befriending/);

    await tabTo(page, /Refer someone to Telephone befriending/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/refer$/);
    const ref = clientRef('KB');
    await tabTo(page, /Client reference/);
    await page.keyboard.type(ref);
    await tabTo(page, /Where the referral came from/);
    // The arrow key chooses the first place after the prompt (GP practice); typing a letter would
    // depend on how fast the keys arrive, which a loaded machine does not promise.
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#source').inputValue()).toBe('gp');
    await tabTo(page, /^Send referral$/);
    await page.keyboard.press('Enter');
    // Sent (a panel) or refused (an error summary, whose words then say why in the failure).
    const outcome = page.locator('.nhsuk-panel, .nhsuk-error-summary, h1:text("This form could not be sent"), h1:text("Sorry, there is a problem with the service")');
    expect(await textOf(outcome), 'after sending, the page said').toContain(ref);

    // The skip link is the first thing a keyboard reaches on every page.
    await page.goto('/sent');
    await page.keyboard.press('Tab');
    expect(await textOf(page.locator(':focus'))).toBe('Skip to main content');
    await context.close();
  });
});
