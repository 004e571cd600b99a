// Every page checked with axe and photographed at 1280 and 390 pixels: the short form visits each page no journey visits;
// the long form (npm run test:e2e) tours every page in every demo user's navigation again.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, base, user, who } from './support/api.js';
import { launch, newPerson, signIn, textOf, visit } from './support/browser.js';

const FULL = process.env.E2E_FULL === '1';
const fundsListed = (await api('demo-fund-manager-1', 'GET', '/v1/funds')).status === 200;
const walkingFriends = user('demo-vcse-1').organisationId!;

type Tour = readonly [name: string, sub: string, paths: readonly string[], needsFunds: boolean];

/** Pages no journey visits with JavaScript on (the journeys check the rest): always toured. */
const UNVISITED: readonly Tour[] = [
  ['vcse-lead', 'demo-vcse-1', ['/people', '/referrals/log', '/notification-settings'], false],
  ['fund-manager', 'demo-fund-manager-1', ['/fund/agreements/new'], true],
  ['commissioner', 'demo-commissioner', ['/'], false],
  ['admin', 'demo-admin', ['/', '/organisations', '/organisations/new', `/people/${walkingFriends}`], false],
];

/** The same pages again for every role, and the ones the journeys already checked: the long form only. */
const EVERY_PAGE: readonly Tour[] = [
  ['link-worker', 'demo-link-worker', ['/', '/directory', '/sent'], false],
  ['vcse-walking', 'demo-vcse-1', ['/', '/referrals', '/statement', '/agreements', '/activities', '/payments-setup'], false],
  ['vcse-sheppey', 'demo-vcse-2', ['/', '/referrals', '/referrals/log', '/payments-setup', '/statement', '/agreements', '/activities'], false],
  ['vcse-swale', 'demo-vcse-4', ['/', '/referrals', '/payments-setup', '/statement'], false],
  ['fund-manager-all', 'demo-fund-manager-1', ['/', '/fund', '/fund/agreements', '/fund/runs', '/organisations'], true],
  ['commissioner-all', 'demo-commissioner', ['/spend', '/audit', '/downloads'], true],
  // Signed in, the footer's pages are the same pages the signed-out tour checks.
  ['admin-footer', 'demo-admin', ['/accessibility', '/privacy'], false],
];

const TOURS = [...UNVISITED, ...(FULL ? EVERY_PAGE : [])].filter(([, , , needsFunds]) => !needsFunds || fundsListed);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('Tour: every page without an accessibility violation, photographed at both widths', () => {
  it('shows the sign-in page, the accessibility statement and the privacy notice to someone signed out', async () => {
    const { context, page } = await newPerson(browser, base());
    for (const [path, name] of [['/sign-in', 'sign-in'], ['/accessibility', 'accessibility'], ['/privacy', 'privacy']] as const) {
      await page.goto(path);
      expect(await textOf(page.locator('h1'))).not.toBe('');
      await visit(page, `tour-${name}`);
    }
    await context.close();
  });

  it.each(TOURS)('shows the %s’s pages', async (name, sub, paths) => {
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who(sub));
    for (const path of paths) {
      const response = await page.goto(path);
      // A page that answers an error (or sends the person back to sign in) would pass axe unnoticed.
      expect(response?.status(), path).toBe(200);
      expect(new URL(page.url()).pathname, path).toBe(path);
      await visit(page, `tour-${name}${path.replace(/\/org_[0-9A-Za-z]+/, '-organisation').replace(/\//g, '-').replace(/-$/, '') || '-home'}`);
    }
    await context.close();
  });
});
