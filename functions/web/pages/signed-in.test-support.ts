// For page tests: a web app over a stand-in API, signed in as one demo user, with get and post helpers.
import { cookieJar, testWebApp, type ApiHandler } from '../test-support.js';

export const signedInAs = async (user: { sub: string; roles: string[]; organisation: string }, handler: ApiHandler) => {
  const { app, calls } = testWebApp({ handler, auth: { mode: 'local', demoUsers: () => [{ ...user, description: user.sub }] } });
  const jar = cookieJar();
  const page = jar.take(await app.request('/sign-in'));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  jar.take(await app.request('/sign-in', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, sub: user.sub, returnTo: '/' }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
  const request = (path: string) => app.request(path, { headers: { cookie: jar.header() } });
  const get = async (path: string) => (await request(path)).text();
  const post = async (path: string, fields: Record<string, string>) => {
    // The session's CSRF token is the same on every page.
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(await get('/privacy'))![1]!;
    return app.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: sessionCsrf, ...fields }), headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } });
  };
  return { get, post, request, calls };
};
