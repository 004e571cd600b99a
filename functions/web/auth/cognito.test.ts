// AWS sign-in through Cognito's hosted UI: PKCE (S256), state, the server-side code exchange, and sign-out of both sessions.
import { describe, expect, it } from 'vitest';
import { challengeFor } from './pkce.js';
import { cookieJar, testToken, testWebApp } from '../test-support.js';

const COGNITO = { domain: 'https://pop.auth.eu-west-2.amazoncognito.com', clientId: 'client123' };

const cognitoApp = () => {
  const exchanges: URLSearchParams[] = [];
  const fetchStub = (async (_url: string | URL | Request, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body));
    exchanges.push(form);
    if (form.get('grant_type') !== 'authorization_code' || form.get('code') !== 'the-code') return new Response('{}', { status: 400 });
    return Response.json({ id_token: await testToken({ sub: 'fm-1', roles: ['fund_manager'], organisationId: 'org_MVA' }), refresh_token: 'refresh-1' });
  }) as typeof fetch;
  const { app } = testWebApp({ auth: { mode: 'cognito', cognito: COGNITO }, publicUrl: 'https://pay.example.org', fetch: fetchStub, handler: () => ({ status: 200, body: { items: [], nextCursor: null } }) });
  return { app, exchanges };
};

describe('Web: Cognito sign-in', () => {
  it('sends /sign-in to the hosted UI with an S256 challenge and a state, remembered in an encrypted cookie', async () => {
    const { app } = cognitoApp();
    const response = await app.request('/sign-in?returnTo=%2Ffund%2Fruns');
    expect(response.status).toBe(302);
    const to = new URL(response.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${COGNITO.domain}/oauth2/authorize`);
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('client_id')).toBe('client123');
    expect(to.searchParams.get('redirect_uri')).toBe('https://pay.example.org/auth/callback');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pop_auth='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    // The verifier never leaves the server in the clear.
    expect(cookie).not.toContain(to.searchParams.get('state')!);
  });

  it('exchanges the code with the verifier that matches the challenge, then returns to the page asked for', async () => {
    const { app, exchanges } = cognitoApp();
    const jar = cookieJar();
    const start = jar.take(await app.request('/sign-in?returnTo=%2Ffund%2Fruns'));
    const to = new URL(start.headers.get('location')!);
    const callback = jar.take(await app.request(`/auth/callback?code=the-code&state=${to.searchParams.get('state')}`, { headers: { cookie: jar.header() } }));
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/fund/runs');
    const exchange = exchanges[0]!;
    expect(exchange.get('redirect_uri')).toBe('https://pay.example.org/auth/callback');
    expect(challengeFor(exchange.get('code_verifier')!)).toBe(to.searchParams.get('code_challenge'));
    expect(jar.has('pop_session')).toBe(true);
    expect(jar.has('pop_refresh')).toBe(true);
    expect((await app.request('/fund/runs', { headers: { cookie: jar.header() } })).status).not.toBe(302);
  });

  it('refuses a callback whose state does not match the browser’s, and starts no session', async () => {
    const { app, exchanges } = cognitoApp();
    const jar = cookieJar();
    jar.take(await app.request('/sign-in'));
    const callback = jar.take(await app.request('/auth/callback?code=the-code&state=someone-elses', { headers: { cookie: jar.header() } }));
    expect(callback.status).toBe(400);
    expect(exchanges).toHaveLength(0);
    expect(jar.has('pop_session')).toBe(false);
  });

  it('refuses a callback in a browser that never started a sign-in', async () => {
    const { app, exchanges } = cognitoApp();
    expect((await app.request('/auth/callback?code=the-code&state=x')).status).toBe(400);
    expect(exchanges).toHaveLength(0);
  });

  it('signs out of both sessions: clears the cookies and sends the browser to Cognito’s logout', async () => {
    const { app } = cognitoApp();
    const jar = cookieJar();
    const start = jar.take(await app.request('/sign-in'));
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    jar.take(await app.request(`/auth/callback?code=the-code&state=${state}`, { headers: { cookie: jar.header() } }));
    const home = await (await app.request('/', { headers: { cookie: jar.header() } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home)![1]!;
    const out = jar.take(await app.request('/sign-out', { method: 'POST', body: new URLSearchParams({ _csrf: csrf }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
    const to = new URL(out.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${COGNITO.domain}/logout`);
    expect(to.searchParams.get('client_id')).toBe('client123');
    expect(to.searchParams.get('logout_uri')).toBe('https://pay.example.org/signed-out');
    expect(jar.has('pop_session')).toBe(false);
    expect(jar.has('pop_refresh')).toBe(false);
  });
});
