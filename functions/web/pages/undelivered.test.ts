// Undelivered e-mails over a stand-in API: the organisation's own people are told which address bounced; fund managers see who cannot be reached.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { signedInAs } from './signed-in.test-support.js';

const BOUNCED = [
  { organisationId: 'org_A', email: 'referals@walking-friends.example.org', kind: 'referral_received', status: 'permanent-failure', sentAt: '2026-11-20T10:00:00.000Z' },
  { organisationId: 'org_A', email: 'referals@walking-friends.example.org', kind: 'referral_reminder', status: 'permanent-failure', sentAt: '2026-11-23T09:00:00.000Z' },
];
const ORGS = [{ id: 'org_A', name: 'Medway Walking Friends', kind: 'vcse', charityNumber: null, odsCode: null, onboarding: 'complete' }];

const handler =
  (undelivered: unknown[]): ApiHandler =>
  (method, path) => {
    if (method !== 'GET') return undefined;
    if (path === '/v1/organisations/org_A/undelivered-emails?limit=200') return { status: 200, body: { items: undelivered, nextCursor: null } };
    if (path === '/v1/undelivered-emails?limit=200') return { status: 200, body: { items: undelivered, nextCursor: null } };
    if (path === '/v1/organisations?kind=vcse&limit=200') return { status: 200, body: { items: ORGS, nextCursor: null } };
    if (path.startsWith('/v1/referrals') || path === '/v1/funds') return { status: 200, body: { items: [], nextCursor: null } };
    return undefined;
  };

describe('Web: undelivered e-mails', () => {
  it('tells a VCSE on its home page which address bounced, how often and when, and links to where it is corrected', async () => {
    const { get } = await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, handler(BOUNCED));
    const html = await get('/');
    expect(html).toContain('Some e-mails to your organisation did not arrive');
    expect(html).toContain(
      'We could not deliver 2 e-mails to referals@walking-friends.example.org because the address does not exist or refused mail (the last on 23 November 2026).',
    );
    expect(html).toContain('<a href="/notification-settings">Check your contact e-mail addresses</a>');
  });

  it('tells a VCSE whose mailbox was only full that it is usually brief, not that the address is wrong', async () => {
    const full = [{ ...BOUNCED[0], status: 'temporary-failure' }];
    const html = await (await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, handler(full))).get('/');
    expect(html).toContain('because the mailbox was full or not available');
    expect(html).toContain('This is usually brief, so they may arrive next time; if it keeps happening, <a href="/notification-settings">check your contact e-mail addresses</a>.');
  });

  it('shows no warning when every e-mail arrived', async () => {
    const { get } = await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, handler([]));
    const html = await get('/');
    expect(html).toContain('What needs doing now');
    expect(html).not.toContain('did not arrive');
  });

  it('lists for a fund manager the organisations that cannot be reached, and points to them from the home page', async () => {
    const { get } = await signedInAs({ sub: 'demo-fund-manager-1', roles: ['fund_manager'], organisation: 'org_MVA' }, handler(BOUNCED));
    expect(await get('/')).toContain('1 organisation with e-mails that did not arrive');
    const html = await get('/organisations');
    expect(html).toContain('E-mails to 1 organisation did not arrive');
    expect(html).toContain('<strong>Medway Walking Friends</strong>: We could not deliver 2 e-mails to referals@walking-friends.example.org');
  });
});

describe('Web: contact e-mail addresses', () => {
  const settings = {
    organisationId: 'org_A',
    addresses: [
      { email: 'referals@walking-friends.example.org', receives: ['referral_received', 'referral_reminder'] },
      { email: 'treasurer@walking-friends.example.org', receives: ['remittance_advice'] },
    ],
    alwaysSent: ['remittance_advice'],
    updatedAt: null,
    updatedBy: null,
  };
  const settingsHandler =
    (answer: { status: number; body: unknown } = { status: 200, body: settings }): ApiHandler =>
    (method, path, body) => {
      if (method === 'GET' && path === '/v1/organisations/org_A/notification-settings') return { status: 200, body: settings };
      if (method === 'PUT' && path === '/v1/organisations/org_A/notification-settings') return { ...answer, body: answer.status === 200 ? body : answer.body };
      return handler(BOUNCED)(method, path, body);
    };

  it('shows which address bounced beside the addresses, and saves a corrected one, keeping what the others receive', async () => {
    const { get, post, calls } = await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, settingsHandler());
    const html = await get('/notification-settings');
    expect(html).toContain('We could not deliver 2 e-mails to referals@walking-friends.example.org');
    expect(html).toContain('Payment advice only');
    const response = await post('/notification-settings', { addresses: 'referrals@walking-friends.example.org\r\n treasurer@walking-friends.example.org \r\n' });
    expect(response.headers.get('location')).toBe('/notification-settings?done=saved');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      addresses: [{ email: 'referrals@walking-friends.example.org' }, { email: 'treasurer@walking-friends.example.org', receives: ['remittance_advice'] }],
    });
  });

  it('shows the API’s refusal of an address against the field by its line, keeping what was typed', async () => {
    // The API's own words for the second address in the list (`/addresses/1/email`).
    const refusal = { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Check the addresses.', errors: [{ path: '/addresses/1/email', message: 'Email must be an email address such as referrals@example.org.uk.' }] } };
    const { post } = await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, settingsHandler(refusal));
    const response = await post('/notification-settings', { addresses: 'treasurer@walking-friends.example.org\n\nreferrals at walking-friends' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#addresses">The address on line 2 (referrals at walking-friends) must be an email address such as referrals@example.org.uk.</a>');
    expect(html).toContain('referrals at walking-friends</textarea>');
  });

  it('refuses an empty list, which would stop every e-mail, and sends nothing', async () => {
    const { post, calls } = await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, settingsHandler());
    const response = await post('/notification-settings', { addresses: ' \r\n ' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<a href="#addresses">Enter at least one e-mail address: without one, your organisation gets no e-mails about referrals or payments</a>');
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([]);
  });
});
