// The web pages over the real API: a person removed while signed in is signed out on their next page and told why, in the API's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../functions/web/app.js';
import type { DemoUser } from '../../functions/web/options.js';
import { cookieJar } from '../../functions/web/test-support.js';
import { formatDate } from '../../shared/domain/format.js';
import { createLocalMemberDirectory } from '../../shared/identity/member-directory.js';
import { ADMIN, createOrganisation } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ members: createLocalMemberDirectory() });
});
afterAll(() => h.close());

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('Web: a person removed while signed in', () => {
  it('is sent to the sign-in page on their next page, with the API’s reason, and is not signed in any more', async () => {
    // Prepare: a VCSE volunteer invited through the API, signed in to the pages as the local sign-in does.
    const org = await createOrganisation(h, 'vcse');
    const invited = await h.call('POST', `/v1/organisations/${org.id}/members`, { as: ADMIN, body: { email: 'volunteer@walks.example', role: 'vcse' } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const volunteer: DemoUser = { sub: invited.body.sub, roles: ['vcse'], organisation: org.id, description: 'Volunteer, Riverside Walks' };
    const web = createWebApp({
      api: (path, init) => h.app.request(path, init),
      verifier: h.deps.verifier,
      auth: { mode: 'local', demoUsers: () => [volunteer] },
      sessionKey: new Uint8Array(32).fill(3),
      publicUrl: 'http://localhost:3000',
    });
    const jar = cookieJar();
    const get = async (path: string) => jar.take(await web.request(path, { headers: { cookie: jar.header() } }));
    const form = new URLSearchParams({ _csrf: csrfIn(await (await get('/sign-in')).text()), sub: volunteer.sub, returnTo: '/' });
    jar.take(await web.request('/sign-in', { method: 'POST', body: form, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
    expect((await get('/')).status).toBe(200);
    const removed = await h.call('DELETE', `/v1/organisations/${org.id}/members/${volunteer.sub}`, { as: ADMIN });
    expect(removed.status).toBe(200);

    // Act
    const next = await get('/');
    const signIn = await get(next.headers.get('location')!);

    // Assess
    expect(next.status).toBe(302);
    expect(next.headers.get('location')).toBe('/sign-in?returnTo=%2F');
    expect(jar.has('pop_session')).toBe(false);
    const html = await signIn.text();
    expect(html).toContain('You have been signed out');
    expect(html).toContain(`You were removed from this organisation’s people on ${formatDate(removed.body.removedAt)}. Ask its lead if that is a mistake.`);
    expect((await get('/')).headers.get('location')).toBe('/sign-in?returnTo=%2F');
  });
});
