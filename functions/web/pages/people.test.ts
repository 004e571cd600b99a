// People over a stand-in API: a lead invites by work e-mail and removes someone; an e-mail that has an account is refused on its field.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { signedInAs } from './signed-in.test-support.js';

const LEAD = { sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_V' };
const MEMBERS = [
  { sub: 'demo-vcse', organisationId: 'org_V', email: 'lead@walking.example.org', role: 'vcse', lead: true, status: 'active', invitedAt: '2026-09-01T10:00:00Z', invitedBy: 'demo-admin', removedAt: null, removedBy: null },
  { sub: 'u-2', organisationId: 'org_V', email: 'sam@walking.example.org', role: 'vcse', lead: false, status: 'active', invitedAt: '2026-11-23T10:00:00Z', invitedBy: 'demo-vcse', removedAt: null, removedBy: null },
];

const handler: ApiHandler = (method, path, body) => {
  if (method === 'GET' && path === '/v1/organisations/org_V') return { status: 200, body: { id: 'org_V', name: 'Medway Walking Friends', kind: 'vcse', stripeAccountId: null, payoutsEnabled: false } };
  if (method === 'GET' && path === '/v1/organisations/org_V/members') return { status: 200, body: { items: MEMBERS } };
  if (method === 'POST' && path === '/v1/organisations/org_V/members') {
    if ((body as { email: string }).email === 'sam@walking.example.org') return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Check the e-mail.', errors: [{ path: '/email', message: 'This e-mail already has an account.' }] } };
    // Someone removed who had set a password: Cognito enables their account again and e-mails nothing.
    if ((body as { email: string }).email === 'back@walking.example.org') return { status: 201, body: { ...MEMBERS[1], ...(body as object), sub: 'u-4', invitation: 'password_kept' } };
    return { status: 201, body: { ...MEMBERS[1], ...(body as object), sub: 'u-3', invitation: 'emailed' } };
  }
  if (method === 'DELETE' && path === '/v1/organisations/org_V/members/u-2') return { status: 200, body: { ...MEMBERS[1], status: 'removed' } };
  return undefined;
};

describe('Web: an organisation’s people', () => {
  it('lists the people who can sign in, with the lead marked and no way to remove yourself', async () => {
    const { get } = await signedInAs(LEAD, handler);
    const html = await get('/people');
    expect(html).toContain('People at Medway Walking Friends');
    expect(html).toContain('sam@walking.example.org');
    expect(html).toContain('23 November 2026');
    expect(html).toContain('>Lead</strong>');
    expect(html).toContain('id="remove-u-2"');
    expect(html).not.toContain('id="remove-demo-vcse"');
    expect(html).toContain('<option value="vcse"');
    expect(html).not.toContain('<option value="admin"');
  });

  it('invites by work e-mail with the organisation’s role, and removes someone', async () => {
    const { post, calls } = await signedInAs(LEAD, handler);
    const invited = await post('/people', { email: 'kim@walking.example.org', role: 'vcse', lead: 'no' });
    expect(invited.headers.get('location')).toBe('/people?done=invited');
    expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/members'))?.body).toEqual({ email: 'kim@walking.example.org', role: 'vcse', lead: false });
    const asked = await post('/people/remove', { sub: 'u-2' });
    expect(await asked.text()).toContain('Remove sam@walking.example.org?');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    const removed = await post('/people/remove', { sub: 'u-2', confirm: 'yes' });
    expect(removed.headers.get('location')).toBe('/people?done=removed');
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/v1/organisations/org_V/members/u-2')).toBe(true);
  });

  it('tells the lead that someone invited back signs in with their old password, since no e-mail was sent', async () => {
    const { get, post } = await signedInAs(LEAD, handler);
    const invited = await post('/people', { email: 'back@walking.example.org', role: 'vcse', lead: 'no' });
    expect(invited.headers.get('location')).toBe('/people?done=restored');
    const html = await get('/people?done=restored');
    expect(html).toContain('with the password they set before. No e-mail was sent');
  });

  it('shows an e-mail that already has an account against the e-mail field', async () => {
    const { post } = await signedInAs(LEAD, handler);
    const response = await post('/people', { email: 'sam@walking.example.org', role: 'vcse', lead: 'no' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#email">This e-mail already has an account.</a>');
    expect(html).toContain('value="sam@walking.example.org"');
  });

  it('offers the lead the people page and the contact addresses from the home page', async () => {
    const { get } = await signedInAs(LEAD, handler);
    const html = await get('/');
    expect(html).toContain('href="/people"');
    expect(html).toContain('href="/statement"');
    // The organisation's contact addresses are the lead's to keep right, bounced or not.
    expect(html).toContain('<a class="nhsuk-card__link" href="/notification-settings">Choose where your organisation’s e-mails go</a>');
  });

  it('lets an admin manage another organisation’s people from its own address', async () => {
    const { get } = await signedInAs({ sub: 'demo-admin', roles: ['admin'], organisation: 'org_MVA' }, handler);
    const html = await get('/people/org_V');
    expect(html).toContain('action="/people/org_V"');
    expect(html).toContain('<option value="admin"');
  });
});
