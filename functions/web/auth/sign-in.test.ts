// Local sign-in, the signed-out redirect, CSRF on every form, silent token refresh and forms kept across an ended session.
import { describe, expect, it } from 'vitest';
import { cookieJar, testWebApp } from '../test-support.js';

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

const ACTIVITY = { id: 'act_1', organisationId: 'org_V', name: 'Riverside health walks', category: 'physical_activity', description: null, postcode: 'ME4 4QU', stats: { acceptanceRate: null, medianResponseHours: null, referralsReceived: 0 } };

const signIn = async (app: ReturnType<typeof testWebApp>['app'], jar: ReturnType<typeof cookieJar>, returnTo = '/') => {
  const page = jar.take(await app.request(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, { headers: { cookie: jar.header() } }));
  const form = new URLSearchParams({ _csrf: csrfIn(await page.text()), sub: 'demo-link-worker', returnTo });
  return jar.take(await app.request('/sign-in', { method: 'POST', body: form, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
};

describe('Web: sign-in and sessions', () => {
  it('sends a signed-out visit to the sign-in page and back to the page asked for after', async () => {
    const { app } = testWebApp({ handler: () => ({ status: 200, body: { items: [], nextCursor: null } }) });
    const jar = cookieJar();
    const first = await app.request('/sent?x=1');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/sign-in?returnTo=%2Fsent%3Fx%3D1');

    const signedIn = await signIn(app, jar, '/sent?x=1');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/sent?x=1');
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('pop_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain-HTTP localhost only
    expect((await app.request('/sent', { headers: { cookie: jar.header() } })).status).toBe(200);
  });

  it('says what a demo user is for on the sign-in page only, and names them plainly once signed in', async () => {
    const demoUsers = () => [{ sub: 'demo-link-worker', roles: ['link_worker'], organisation: 'org_LW', description: 'Link worker, IMAGO Medway', hint: 'Sends referrals from a phone' }];
    const { app } = testWebApp({ auth: { mode: 'local', demoUsers }, handler: () => ({ status: 200, body: { items: [], nextCursor: null } }) });
    const jar = cookieJar();
    const page = await (await app.request('/sign-in')).text();
    expect(page).toContain('Sign in as Link worker, IMAGO Medway');
    expect(page).toContain('Sends referrals from a phone');
    await signIn(app, jar, '/sent');
    const signedIn = await (await app.request('/sent', { headers: { cookie: jar.header() } })).text();
    expect(signedIn).toContain('Link worker, IMAGO Medway');
    expect(signedIn).not.toContain('Sends referrals from a phone');
  });

  it('marks the session cookie Secure outside localhost', async () => {
    const { app } = testWebApp({ publicUrl: 'https://pay.example.org' });
    const signedIn = await signIn(app, cookieJar());
    expect(signedIn.headers.getSetCookie().find((c) => c.startsWith('pop_session='))).toMatch(/Secure/);
  });

  it('refuses a sign-in whose form has no CSRF token', async () => {
    const { app, calls } = testWebApp();
    const response = await app.request('/sign-in', { method: 'POST', body: new URLSearchParams({ sub: 'demo-link-worker' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('pop_session='))).toBe(false);
    expect(calls.some((c) => c.path === '/v1/dev/token')).toBe(false);
  });

  it('refuses a form without the session’s CSRF token and sends nothing to the API', async () => {
    const { app, calls } = testWebApp();
    const jar = cookieJar();
    await signIn(app, jar);
    const response = await app.request('/sent/ref_01/withdraw', { method: 'POST', body: new URLSearchParams({ _csrf: 'forged' }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(403);
    expect(calls.some((c) => c.method === 'POST' && c.path.startsWith('/v1/referrals'))).toBe(false);
  });

  it('renews a token that is about to expire without the person noticing', async () => {
    const { app, calls } = testWebApp({ tokenTtlSeconds: 120, handler: () => ({ status: 200, body: { items: [], nextCursor: null } }) });
    const jar = cookieJar();
    await signIn(app, jar);
    const tokensBefore = calls.filter((c) => c.path === '/v1/dev/token').length;
    const page = jar.take(await app.request('/sent', { headers: { cookie: jar.header() } }));
    expect(page.status).toBe(200);
    expect(calls.filter((c) => c.path === '/v1/dev/token').length).toBe(tokensBefore + 1);
    expect(page.headers.getSetCookie().some((c) => c.startsWith('pop_session='))).toBe(true);
  });

  it('keeps what was typed into a form sent after the working day ended and fills it in after signing in again', async () => {
    let now = new Date('2026-11-23T08:00:00Z');
    const { app, calls } = testWebApp({ clock: () => now, handler: (method, path) => (method === 'GET' && path.startsWith('/v1/activities') ? { status: 200, body: { items: [ACTIVITY], nextCursor: null } } : undefined) });
    const jar = cookieJar();
    await signIn(app, jar, '/directory/act_1/refer');
    const form = jar.take(await app.request('/directory/act_1/refer', { headers: { cookie: jar.header() } }));
    const csrf = csrfIn(await form.text());

    now = new Date('2026-11-23T17:30:00Z'); // the working day (nine hours) has ended
    const late = jar.take(
      await app.request('/directory/act_1/refer', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrf, clientRef: 'MW-2026-0142', source: 'gp', priorityGroup: 'Frailty' }),
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(late.status).toBe(303);
    expect(late.headers.get('location')).toBe('/sign-in?returnTo=%2Fdirectory%2Fact_1%2Frefer&ended=1');
    expect(calls.some((c) => c.method === 'POST' && c.path === '/v1/referrals')).toBe(false);

    const again = await signIn(app, jar, '/directory/act_1/refer');
    const refilled = await (await app.request(again.headers.get('location')!, { headers: { cookie: jar.header() } })).text();
    expect(refilled).toContain('value="MW-2026-0142"');
    expect(refilled).toContain('value="Frailty"');
    expect(refilled).toMatch(/<option value="gp" selected/);
  });

  it('does not keep a late form that does not carry the ended session’s CSRF token', async () => {
    let now = new Date('2026-11-23T08:00:00Z');
    const { app } = testWebApp({ clock: () => now });
    const jar = cookieJar();
    await signIn(app, jar);
    now = new Date('2026-11-23T18:00:00Z');
    const late = jar.take(await app.request('/directory/act_1/refer', { method: 'POST', body: new URLSearchParams({ _csrf: 'forged', clientRef: 'X-1' }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(late.headers.get('location')).not.toContain('ended=1');
    expect(jar.has('pop_pending')).toBe(false);
  });
});
