// Organisations over a stand-in API: a fund manager sees who can be paid; an admin adds one and sees the API's refusal against its field.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { signedInAs } from './signed-in.test-support.js';

const ORGS = [
  { id: 'org_A', name: 'Medway Walking Friends', kind: 'vcse', charityNumber: '1234567', odsCode: null, onboarding: 'complete' },
  { id: 'org_B', name: 'Swale Gardeners', kind: 'vcse', charityNumber: null, odsCode: null, onboarding: 'in_progress' },
  { id: 'org_C', name: 'Chatham Arts', kind: 'vcse', charityNumber: null, odsCode: null, onboarding: 'not_started' },
];

const handler: ApiHandler = (method, path, body) => {
  if (method === 'GET' && path === '/v1/organisations?kind=vcse&limit=200') return { status: 200, body: { items: ORGS, nextCursor: null } };
  if (method === 'GET' && path === '/v1/organisations?limit=200') return { status: 200, body: { items: [...ORGS, { id: 'org_R', name: 'IMAGO Medway', kind: 'referrer', charityNumber: null, odsCode: null, onboarding: null }], nextCursor: null } };
  if (method === 'POST' && path === '/v1/organisations') {
    if ((body as { charityNumber?: string }).charityNumber === '12') return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Check the form.', errors: [{ path: '/charityNumber', message: 'must be a registered charity number' }] } };
    return { status: 201, body: { id: 'org_N', ...(body as object) } };
  }
  return undefined;
};

describe('Web: organisations', () => {
  it('shows a fund manager each VCSE organisation’s Stripe onboarding, and no way to add one', async () => {
    const { get } = await signedInAs({ sub: 'demo-fund-manager-1', roles: ['fund_manager'], organisation: 'org_MVA' }, handler);
    const html = await get('/organisations');
    expect(html).toContain('1 of 3 voluntary and community organisations can receive payments.');
    expect(html).toContain('Ready to receive payments');
    expect(html).toContain('Started, not finished');
    expect(html).toContain('Not started');
    expect(html).not.toContain('Add an organisation');
    expect(html).toContain('href="/organisations"');
  });

  it('lets an admin add an organisation, sending only what was filled in', async () => {
    const { get, post, calls } = await signedInAs({ sub: 'demo-admin', roles: ['admin'], organisation: 'org_MVA' }, handler);
    expect(await get('/organisations')).toContain('IMAGO Medway');
    const response = await post('/organisations/new', { name: 'Gillingham Men’s Shed', kind: 'vcse', charityNumber: '', odsCode: '' });
    expect(response.headers.get('location')).toBe('/organisations?done=created');
    expect(calls.find((c) => c.method === 'POST' && c.path === '/v1/organisations')?.body).toEqual({ name: 'Gillingham Men’s Shed', kind: 'vcse' });
  });

  it('shows a refused charity number against its field', async () => {
    const { post } = await signedInAs({ sub: 'demo-admin', roles: ['admin'], organisation: 'org_MVA' }, handler);
    const response = await post('/organisations/new', { name: 'Shed', kind: 'vcse', charityNumber: '12', odsCode: '' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#charityNumber">Charity number must be a registered charity number</a>');
    expect(html).toContain('value="12"');
  });
});
