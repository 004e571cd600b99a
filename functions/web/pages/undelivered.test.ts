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

  it('shows the API’s refusal of an address against the field, keeping what was typed', async () => {
    const refusal = { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Check the addresses.', errors: [{ path: '/addresses/0/email', message: 'must be an e-mail address' }] } };
    const { post } = await signedInAs({ sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_A' }, settingsHandler(refusal));
    const response = await post('/notification-settings', { addresses: 'referrals at walking-friends' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#addresses">Addresses must be an e-mail address</a>');
    expect(html).toContain('referrals at walking-friends</textarea>');
  });
});
