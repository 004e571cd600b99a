// The long form (npm run test:e2e): every page in every demo user's navigation, checked with axe and photographed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { api, base, who } from './support/api.js';
import { launch, newPerson, signIn, visit } from './support/browser.js';

const FULL = process.env.E2E_FULL === '1';
const fundsListed = FULL && (await api('demo-fund-manager-1', 'GET', '/v1/funds')).status === 200;

const TOURS: readonly (readonly [string, string, readonly string[], boolean])[] = !FULL ? [] : [
  ['link-worker', who('demo-link-worker'), ['/', '/directory', '/sent'], false],
  ['vcse-sheppey', who('demo-vcse-2'), ['/', '/referrals', '/referrals/log', '/payments-setup'], false],
  ['vcse-swale', who('demo-vcse-4'), ['/', '/referrals', '/payments-setup'], false],
  ['fund-manager', who('demo-fund-manager-1'), ['/', '/fund', '/fund/agreements', '/fund/agreements/new', '/fund/runs'], true],
  ['commissioner', who('demo-commissioner'), ['/', '/spend', '/audit', '/downloads'], true],
  ['admin', who('demo-admin'), ['/', '/accessibility', '/privacy'], false],
];

let browser: Browser;
beforeAll(async () => {
  if (FULL) browser = await launch();
});
afterAll(() => browser?.close());

describe.runIf(FULL)('Tour: every page of every role', () => {
  it('shows the sign-in page, the accessibility statement and the privacy notice to someone signed out', async () => {
    const { context, page } = await newPerson(browser, base());
    for (const [path, name] of [['/sign-in', 'sign-in'], ['/accessibility', 'accessibility'], ['/privacy', 'privacy']] as const) {
      await page.goto(path);
      await visit(page, `tour-${name}`);
    }
    await context.close();
  });

  it.each(TOURS.filter(([, , , needsFunds]) => !needsFunds || fundsListed))('shows every page of the %s without an accessibility violation', async (name, who, paths) => {
    const { context, page } = await newPerson(browser, base());
    await signIn(page, who);
    for (const path of paths) {
      await page.goto(path);
      await visit(page, `tour-${name}${path.replace(/\//g, '-').replace(/-$/, '') || '-home'}`);
    }
    await context.close();
  });
});
