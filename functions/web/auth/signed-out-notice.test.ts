// A page whose API call answers 401 ends the session and shows the sign-in page with the API's words, once, without sending the same token again.
import { describe, expect, it } from 'vitest';
import { cookieJar, testWebApp, type ApiHandler } from '../test-support.js';

const REMOVED = 'You were removed from this organisation’s people on 23 November 2026. Ask its lead if that is a mistake.';
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** An API that answers as for a member until `removed` is set, then refuses their token as the real one does. */
const revocableApi = () => {
  const state = { removed: false };
  const handler: ApiHandler = () =>
    state.removed ? { status: 401, body: { code: 'unauthenticated', title: 'Sign-in required', detail: REMOVED } } : { status: 200, body: { items: [], nextCursor: null } };
  return { state, handler };
};

const signedIn = async (overrides: Parameters<typeof testWebApp>[0] = {}) => {
  const { state, handler } = revocableApi();
  const { app, calls } = testWebApp({ handler, ...overrides });
  const jar = cookieJar();
  const page = jar.take(await app.request('/sign-in?returnTo=%2Fsent', { headers: { cookie: jar.header() } }));
  const form = new URLSearchParams({ _csrf: csrfIn(await page.text()), sub: 'demo-link-worker', returnTo: '/sent' });
  jar.take(await app.request('/sign-in', { method: 'POST', body: form, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
  const get = async (path: string) => jar.take(await app.request(path, { headers: { cookie: jar.header() } }));
  return { app, calls, jar, state, get };
};

describe('Web: the API refuses a session’s token', () => {
  it('ends the session and shows the API’s reason on the sign-in page, once', async () => {
    // Prepare
    const { jar, state, get } = await signedIn();
    expect((await get('/sent')).status).toBe(200);
    state.removed = true;

    // Act
    const refused = await get('/sent');
    const signInPage = await get(refused.headers.get('location')!);
    const again = await get('/sign-in?returnTo=%2Fsent');

    // Assess
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('/sign-in?returnTo=%2Fsent');
    expect(jar.has('pop_session')).toBe(false);
    const html = await signInPage.text();
    expect(html).toContain('You have been signed out');
    expect(html).toContain(REMOVED);
    expect(await again.text()).not.toContain(REMOVED);
  });

  it('does not ask the API again with the refused token: the next visit goes straight to sign-in', async () => {
    const { calls, state, get } = await signedIn();
    state.removed = true;
    await get('/sent');
    const asked = calls.length;
    const next = await get('/sent');
    expect(next.status).toBe(302);
    expect(next.headers.get('location')).toBe('/sign-in?returnTo=%2Fsent');
    expect(calls.length).toBe(asked);
  });

  it('ends the session when a form’s API call is refused, sending the browser to sign-in with 303', async () => {
    const { app, jar, state, get } = await signedIn();
    const csrf = csrfIn(await (await get('/privacy')).text());
    state.removed = true;
    const sent = jar.take(
      await app.request('/sent/ref_1/withdraw', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, _idem: 'idem-1' }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', referer: 'http://localhost/sent/ref_1' } }),
    );
    expect(sent.status).toBe(303);
    // Back to the page the form was on after signing in: the form's own path answers only POST.
    expect(sent.headers.get('location')).toBe(`/sign-in?returnTo=${encodeURIComponent('/sent/ref_1')}`);
    expect(jar.has('pop_session')).toBe(false);
    expect(await (await get(sent.headers.get('location')!)).text()).toContain(REMOVED);
  });

  it('sends a refused form without a page to go back to to the home page after signing in', async () => {
    const { app, jar, state, get } = await signedIn();
    const csrf = csrfIn(await (await get('/privacy')).text());
    state.removed = true;
    const sent = await app.request('/sent/ref_1/withdraw', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, _idem: 'idem-2' }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/sign-in?returnTo=${encodeURIComponent('/')}`);
  });

  it('says why before Cognito’s sign-in page, which would not, and then signs in from a link', async () => {
    // Prepare: signed in locally, then served by a Cognito-mode app with the same session key.
    const { jar, state, get } = await signedIn();
    state.removed = true;
    const refused = await get('/sent');
    const cognito = testWebApp({ auth: { mode: 'cognito', cognito: { domain: 'https://pop.auth.eu-west-2.amazoncognito.com', clientId: 'client' } } });
    const ask = async (path: string) => jar.take(await cognito.app.request(path, { headers: { cookie: jar.header() } }));

    // Act
    const explained = await ask(refused.headers.get('location')!);
    const then = await ask('/sign-in?returnTo=%2Fsent');

    // Assess
    expect(explained.status).toBe(200);
    const html = await explained.text();
    expect(html).toContain(REMOVED);
    expect(html).toContain('href="/sign-in?returnTo=%2Fsent"');
    expect(then.status).toBe(302);
    expect(then.headers.get('location')).toMatch(/^https:\/\/pop\.auth\.eu-west-2\.amazoncognito\.com\/oauth2\/authorize\?/);
  });
});
