// VCSE activities over a stand-in API: the list, a change sent as the API's PATCH, a refusal in an error summary, pause and close.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { signedInAs } from './signed-in.test-support.js';

const VCSE = { sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_V' };
const ACTIVITY = {
  id: 'act_1',
  organisationId: 'org_V',
  name: 'Walking for Health',
  category: 'physical_activity',
  description: 'A gentle walk.',
  postcode: 'ME4 4QU',
  when: 'Tuesdays 10am',
  where: 'The Strand, Chatham',
  contact: { email: 'walks@example.org', phone: null, url: null },
  status: 'active',
  acceptingReferrals: false,
  notAcceptingReason: { code: 'capacity_exhausted', detail: 'This month’s 40 places are all taken.' },
  stats: { acceptanceRate: 0.5, medianResponseHours: 20, referralsReceived: 4 },
};

const handler: ApiHandler = (method, path, body) => {
  if (method === 'GET' && path === '/v1/activities?organisationId=org_V&limit=200') return { status: 200, body: { items: [ACTIVITY], nextCursor: null } };
  if (method === 'GET' && path === '/v1/activities/act_1') return { status: 200, body: ACTIVITY };
  if (method === 'PATCH' && path === '/v1/activities/act_1') {
    const change = body as { contact?: { email?: string } };
    if (change.contact?.email === 'not-an-email') {
      return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Check the contact.', errors: [{ path: '/contact/email', message: 'Enter an e-mail address, such as name@example.org' }] } };
    }
    return { status: 200, body: { ...ACTIVITY, ...(body as object) } };
  }
  return undefined;
};

const FORM = { _action: 'save', name: 'Walking for Health', category: 'physical_activity', description: '', when: 'Thursdays 2pm', where: 'The Strand, Chatham', contactEmail: 'walks@example.org', contactPhone: '01634 123456', contactUrl: '' };

describe('Web: VCSE activities', () => {
  it('lists the organisation’s activities with their status and why one is not taking funded referrals', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/activities');
    expect(html).toContain('Walking for Health');
    expect(html).toContain('Physical activity');
    expect(html).toContain('This month’s 40 places are all taken.');
    expect(html).toContain('href="/activities/act_1"');
  });

  it('sends a change as the API’s PATCH, clearing an emptied description', async () => {
    const { post, calls } = await signedInAs(VCSE, handler);
    const response = await post('/activities/act_1', FORM);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/activities?done=saved');
    const sent = calls.find((c) => c.method === 'PATCH');
    expect(sent?.body).toEqual({ name: 'Walking for Health', category: 'physical_activity', description: null, when: 'Thursdays 2pm', where: 'The Strand, Chatham', contact: { email: 'walks@example.org', phone: '01634 123456' } });
  });

  it('shows a refused e-mail against its field and keeps what was typed', async () => {
    const { post } = await signedInAs(VCSE, handler);
    const response = await post('/activities/act_1', { ...FORM, contactEmail: 'not-an-email' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#contactEmail">Enter an e-mail address, such as name@example.org</a>');
    expect(html).toMatch(/class="[^"]*nhsuk-input--error[^"]*" id="contactEmail"/);
    expect(html).toContain('value="Thursdays 2pm"');
  });

  it('pauses and closes with the status alone', async () => {
    const { get, post, calls } = await signedInAs(VCSE, handler);
    const page = await get('/activities/act_1');
    expect(page).toContain('Pause activity');
    expect(page).toContain('Close activity');
    expect((await post('/activities/act_1', { _action: 'paused' })).headers.get('location')).toBe('/activities?done=paused');
    expect((await post('/activities/act_1', { _action: 'closed' })).headers.get('location')).toBe('/activities?done=closed');
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ status: 'paused' }, { status: 'closed' }]);
  });
});
