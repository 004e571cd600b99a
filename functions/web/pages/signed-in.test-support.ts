// For page tests: a web app over a stand-in API, signed in as one demo user, with get and post helpers.
import type { WebOptions } from '../options.js';
import { cookieJar, testWebApp, type ApiHandler } from '../test-support.js';

export const signedInAs = async (user: { sub: string; roles: string[]; organisation: string }, handler: ApiHandler, overrides: Partial<WebOptions> = {}) => {
  const { app, calls } = testWebApp({ handler, auth: { mode: 'local', demoUsers: () => [{ ...user, description: user.sub }] }, ...overrides });
  const jar = cookieJar();
  /** Signs in (again, after the working day ended, say) and follows the redirect back to `returnTo`. */
  const signIn = async (returnTo = '/') => {
    const page = jar.take(await app.request(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, { headers: { cookie: jar.header() } }));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    return jar.take(await app.request('/sign-in', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, sub: user.sub, returnTo }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
  };
  await signIn();
  const request = async (path: string) => jar.take(await app.request(path, { headers: { cookie: jar.header() } }));
  const get = async (path: string) => (await request(path)).text();
  const post = async (path: string, fields: Record<string, string>) => {
    // The session's CSRF token is the same on every page (a late form brings the ended session's own).
    const sessionCsrf = fields._csrf ?? /name="_csrf" value="([^"]+)"/.exec(await get('/privacy'))![1]!;
    return jar.take(await app.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: sessionCsrf, ...fields }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
  };
  return { get, post, request, signIn, calls };
};

/** An input's highlight and value as the page rendered it, found by id. */
export const inputIn = (html: string, id: string) => {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`No input with id ${id} on the page`);
  return { red: tag.includes('nhsuk-input--error'), value: /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '' };
};

/** A date's Day, Month and Year boxes: which are red and what each holds. */
export const dateBoxesIn = (html: string, field: string) => ['day', 'month', 'year'].map((part) => inputIn(html, `${field}-${part}`));
