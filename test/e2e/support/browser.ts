// Headless Debian Chromium through playwright-core: sign in as a demo user, check each page with axe, save screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), 'test', 'e2e', 'screenshots');

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;

export const newPerson = async (browser: Browser, base: string, options: { javaScript?: boolean; phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ baseURL: base, viewport: options.phone ? PHONE : DESKTOP, javaScriptEnabled: options.javaScript ?? true, acceptDownloads: true });
  // Nothing a page loads may come from outside this service (no CDN, no fonts from elsewhere).
  await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
  return { context, page: await context.newPage() };
};

/** Signs in through the local sign-in page by choosing the demo user described. */
export const signIn = async (page: Page, description: string, returnTo = '/') => {
  await page.goto(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole('button', { name: `Sign in as ${description}`, exact: true }).click();
  await page.waitForLoadState('load');
};

/**
 * Waits until the page is as a person sees it: loaded, and the design system's header script has
 * folded the navigation that does not fit into its "More" menu. Until then the overflowing links sit
 * half-styled, and axe measured their contrast in that moment once (a click's navigation returns
 * before the new page has loaded).
 */
const settled = async (page: Page) => {
  await page.waitForLoadState('load');
  // Without JavaScript (no `nhsuk-frontend-supported` on the body) there is no script to wait for.
  await page.waitForFunction(
    '(() => { const header = document.querySelector(\'[data-module="nhsuk-header"]\'); return !document.body.classList.contains("nhsuk-frontend-supported") || !header || header.hasAttribute("data-nhsuk-header-init"); })()',
  );
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
};

/** axe with the WCAG 2.2 A and AA rules: no violation on the page as it stands. */
export const expectAccessible = async (page: Page) => {
  await settled(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(violations, `axe on ${page.url()}`).toEqual([]);
};

/** What sticks out past the right edge of the window, so a phone would scroll sideways (the innermost elements). */
const WIDER_THAN_WINDOW = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.nhsuk-table-container, .nhsuk-u-visually-hidden'));
  return wide.filter((e) => !wide.some((o) => o !== e && e.contains(o))).slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + (e.textContent || '').trim().slice(0, 40));
})()`;

/**
 * The page's full height once it has loaded. Chromium can answer between a navigation's commit and
 * its new document (no `documentElement` yet), so that moment is waited out rather than failed.
 */
const pageHeight = async (page: Page): Promise<number> => {
  for (let attempt = 1; ; attempt += 1) {
    await page.waitForLoadState('load');
    const height = (await page.evaluate('document.documentElement ? document.documentElement.scrollHeight : 0')) as number;
    if (height > 0 || attempt === 10) return Math.max(height, 1);
    await page.waitForTimeout(100);
  }
};

/** A screenshot of the whole page at desktop and phone widths, named for the page; neither may scroll sideways. */
export const screenshots = async (page: Page, name: string) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const viewport = page.viewportSize() ?? DESKTOP;
  for (const [suffix, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    // Clipped to the window's width: the design system's folded header menu waits off to the right, out of reach but not of a full-page capture.
    const height = await pageHeight(page);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${suffix}.png`), fullPage: true, clip: { x: 0, y: 0, width: size.width, height } });
    expect(await page.evaluate(WIDER_THAN_WINDOW), `${name} at ${size.width} pixels wide scrolls sideways`).toEqual([]);
  }
  await page.setViewportSize(viewport);
};

/** Checks the page with axe and keeps its screenshots: what every journey does on each main page. */
export const visit = async (page: Page, name: string, options: { axe?: boolean } = {}) => {
  // axe runs inside the page, so a page with JavaScript turned off is checked in the journeys that have it.
  if (options.axe ?? true) await expectAccessible(page);
  await screenshots(page, name);
};

export const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary');

/** Today in London as the date boxes take it: 1 12 2026. */
export const londonToday = () => {
  const parts = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'Europe/London' }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: part('day'), month: part('month'), year: part('year') };
};

/** Types a date into the Day, Month and Year boxes of the date input its legend names, as a person would. */
export const fillDate = async (page: Page, legend: string, date: { day: string; month: string; year: string }) => {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day', { exact: true }).fill(date.day);
  await group.getByLabel('Month', { exact: true }).fill(date.month);
  await group.getByLabel('Year', { exact: true }).fill(date.year);
};

/** The text of the first element matched, once it is visible (Playwright waits up to its timeout). */
export const textOf = async (locator: Locator): Promise<string> => {
  await locator.first().waitFor({ state: 'visible' });
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
};

export const focusedId = (page: Page): Promise<string> => page.evaluate('document.activeElement ? document.activeElement.id : ""');

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would; fails after `max` presses. */
export const tabTo = async (page: Page, name: RegExp, max = 80) => {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const focused: string = await page.evaluate(
      '(() => { const e = document.activeElement; if (!e) return ""; const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null; return ((label ? label.textContent : "") + " " + (e.getAttribute("aria-label") || "") + " " + (e.textContent || "")).replace(/\\s+/g, " ").trim(); })()',
    );
    if (name.test(focused)) return;
  }
  throw new Error(`Tabbing ${max} times never reached ${String(name)}`);
};
