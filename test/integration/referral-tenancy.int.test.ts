// Referral tenancy: every referral route tried with every role and a foreign organisation.
// Only the contract's callers succeed; a caller who may not see a referral gets the same 404 as for
// one that does not exist; a refused request writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createOrganisation, createTwoProviderScenario, loggedReferralBody, sendReferral, tableSnapshot, unique, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Caller, type Harness } from '../support/harness.js';

// A fixed instant inside every agreement below, so acceptance never depends on the day the suite runs.
const NOW = new Date('2026-06-15T10:00:00Z');
const ACCEPTED_ELSEWHERE_AT = '2026-06-14T09:30:00Z';
const NO_SUCH_REFERRAL = 'ref_01JF0000000000000000000000';

type Who = 'vcse' | 'foreignVcse' | 'linkWorker' | 'foreignLinkWorker' | 'fundManager' | 'commissioner' | 'admin' | 'anonymous';

const DESCRIBED: Record<Who, string> = {
  vcse: 'the activity’s VCSE',
  foreignVcse: 'a VCSE of another organisation',
  linkWorker: 'the referring link worker',
  foreignLinkWorker: 'a link worker of another organisation',
  fundManager: 'a fund manager',
  commissioner: 'a commissioner',
  admin: 'an admin',
  anonymous: 'a caller with no token',
};

let h: Harness;
let s: Scenario;
let otherVcseOrgId: string;
let otherActivityId: string;
const callers = {} as Record<Who, Caller | undefined>;

beforeAll(async () => {
  h = await createHarness({ clock: () => NOW });
  ({ s, otherVcseOrgId, otherActivityId } = await createTwoProviderScenario(h));
  const otherReferrer = await createOrganisation(h, 'referrer');
  const commissioning = await createOrganisation(h, 'commissioner');
  Object.assign(callers, {
    vcse: s.vcse,
    foreignVcse: userOf(otherVcseOrgId, 'vcse'),
    linkWorker: s.linkWorker,
    foreignLinkWorker: userOf(otherReferrer.id, 'link_worker'),
    fundManager: s.manager,
    commissioner: userOf(commissioning.id, 'commissioner'),
    admin: ADMIN,
    anonymous: undefined,
  } satisfies Record<Who, Caller | undefined>);
});
afterAll(() => h.close());

const as = (who: Who) => (callers[who] ? { as: callers[who] } : {});

const loggedBody = (activityId: string, extra: Record<string, unknown> = {}) => loggedReferralBody(activityId, ACCEPTED_ELSEWHERE_AT, extra);

const acceptedReferral = async () => {
  const referral = await sendReferral(h, s);
  const accepted = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return referral;
};

/** A problem body with what legitimately differs between two requests (the id, the request id) taken out. */
const comparable = (body: Record<string, unknown>, id: string) => {
  const { requestId: _requestId, ...rest } = body;
  return JSON.parse(JSON.stringify(rest).replaceAll(id, '<id>'));
};

/** Every referral the caller can list, following the cursor to the end. */
const listAll = async (who: Who, query = '') => {
  const items: { id: string; organisationId: string; referrerOrganisationId: string }[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
    const res = await h.call('GET', `/v1/referrals?${params}${query}`, as(who));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
};

describe('Route: POST /v1/referrals', () => {
  type Row = { name: string; who: Who; body: 'send' | 'log'; status: number; expected: Record<string, unknown> };
  const rows: Row[] = [
    { name: 'lets the referring link worker send a referral (201 sent)', who: 'linkWorker', body: 'send', status: 201, expected: { status: 'sent' } },
    { name: 'lets a link worker of another organisation send one to the same activity (201 sent)', who: 'foreignLinkWorker', body: 'send', status: 201, expected: { status: 'sent' } },
    { name: 'lets the activity’s VCSE log one accepted elsewhere (201 accepted)', who: 'vcse', body: 'log', status: 201, expected: { status: 'accepted' } },
    { name: 'refuses a VCSE of another organisation logging one against this activity (400 validation_failed)', who: 'foreignVcse', body: 'log', status: 400, expected: { code: 'validation_failed' } },
    { name: 'refuses the activity’s VCSE sending one without externalRef and acceptedAt (400 validation_failed)', who: 'vcse', body: 'send', status: 400, expected: { code: 'validation_failed' } },
    { name: 'refuses a link worker logging one accepted elsewhere (400 validation_failed)', who: 'linkWorker', body: 'log', status: 400, expected: { code: 'validation_failed' } },
    { name: 'refuses a fund manager sending one (403 forbidden)', who: 'fundManager', body: 'send', status: 403, expected: { code: 'forbidden' } },
    { name: 'refuses a fund manager logging one (403 forbidden)', who: 'fundManager', body: 'log', status: 403, expected: { code: 'forbidden' } },
    { name: 'refuses a commissioner sending one (403 forbidden)', who: 'commissioner', body: 'send', status: 403, expected: { code: 'forbidden' } },
    { name: 'refuses a commissioner logging one (403 forbidden)', who: 'commissioner', body: 'log', status: 403, expected: { code: 'forbidden' } },
    { name: 'refuses an admin sending one (403 forbidden)', who: 'admin', body: 'send', status: 403, expected: { code: 'forbidden' } },
    { name: 'refuses a caller with no token (401 unauthenticated)', who: 'anonymous', body: 'send', status: 401, expected: { code: 'unauthenticated' } },
  ];

  it.each(rows)('$name', async ({ who, body, status, expected }) => {
    const payload = body === 'send' ? { activityId: s.activityId, clientRef: unique('CR'), source: 'gp' } : loggedBody(s.activityId);
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/referrals', { ...as(who), body: payload });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body).toMatchObject(expected);
    if (status === 201) {
      expect(res.body).toMatchObject({ activityId: s.activityId, organisationId: s.vcseOrgId, referrerOrganisationId: callers[who]!.organisationId });
      const read = await h.call('GET', `/v1/referrals/${res.body.id}`, as(who));
      // The send's warnings belong to that moment, not to the referral.
      const { warnings: _warnings, ...created } = res.body;
      expect(read.body).toEqual(created);
    } else {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await tableSnapshot(h)).toEqual(before);
    }
  });
});

describe('Route: GET /v1/referrals', () => {
  type Kind = 'sentByUs' | 'sentByOtherReferrer' | 'sentToOtherVcse' | 'loggedByVcse';
  const ALL: Kind[] = ['sentByUs', 'sentByOtherReferrer', 'sentToOtherVcse', 'loggedByVcse'];
  const known = {} as Record<Kind, string>;

  beforeAll(async () => {
    known.sentByUs = (await sendReferral(h, s)).id;
    const byOther = await h.call('POST', '/v1/referrals', {
      as: callers.foreignLinkWorker!,
      body: { activityId: s.activityId, clientRef: unique('CR'), source: 'pharmacy' },
    });
    known.sentByOtherReferrer = byOther.body.id;
    known.sentToOtherVcse = (await sendReferral(h, s, { activityId: otherActivityId })).id;
    const logged = await h.call('POST', '/v1/referrals', { as: s.vcse, body: loggedBody(s.activityId) });
    known.loggedByVcse = logged.body.id;
    expect([byOther.status, logged.status]).toEqual([201, 201]);
  });

  type Row = { name: string; who: Who; sees: Kind[]; scope?: 'organisationId' | 'referrerOrganisationId' };
  const rows: Row[] = [
    { name: 'shows the activity’s VCSE only referrals to its own organisation', who: 'vcse', sees: ['sentByUs', 'sentByOtherReferrer', 'loggedByVcse'], scope: 'organisationId' },
    { name: 'shows a VCSE of another organisation only its own organisation’s referrals', who: 'foreignVcse', sees: ['sentToOtherVcse'], scope: 'organisationId' },
    { name: 'shows the link worker only the referrals its organisation sent', who: 'linkWorker', sees: ['sentByUs', 'sentToOtherVcse'], scope: 'referrerOrganisationId' },
    { name: 'shows a link worker of another organisation only what its organisation sent', who: 'foreignLinkWorker', sees: ['sentByOtherReferrer'], scope: 'referrerOrganisationId' },
    { name: 'shows a fund manager only the referrals its funds paid for', who: 'fundManager', sees: ['loggedByVcse'] },
    { name: 'shows a commissioner every referral', who: 'commissioner', sees: ALL },
    { name: 'shows an admin every referral', who: 'admin', sees: ALL },
  ];

  it.each(rows)('$name', async ({ who, sees, scope }) => {
    const listed = await listAll(who);
    const ids = new Set(listed.map((r) => r.id));
    for (const kind of ALL) expect(ids.has(known[kind]), `${kind} listed for ${who}`).toBe(sees.includes(kind));
    if (scope) for (const item of listed) expect(item[scope], `${item.id} ${scope}`).toBe(callers[who]!.organisationId);
  });

  it('keeps the scope when the list is filtered by status or activity', async () => {
    const accepted = await listAll('linkWorker', '&status=accepted');
    expect(accepted.map((r) => r.id)).not.toContain(known.loggedByVcse);
    const onTheirActivity = await listAll('vcse', `&activityId=${otherActivityId}`);
    expect(onTheirActivity).toEqual([]);
  });

  it('refuses a caller with no token (401 unauthenticated)', async () => {
    const res = await h.call('GET', '/v1/referrals');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});

describe('Routes: GET /v1/referrals/{id} and its actions', () => {
  type Route = 'read' | 'accept' | 'decline' | 'withdraw' | 'outcome';
  const ROUTES: Record<Route, { method: 'GET' | 'POST'; suffix: string; subject: 'sent' | 'accepted'; body?: unknown; becomes?: Record<string, unknown> }> = {
    read: { method: 'GET', suffix: '', subject: 'sent' },
    accept: { method: 'POST', suffix: '/accept', subject: 'sent', becomes: { status: 'accepted' } },
    decline: { method: 'POST', suffix: '/decline', subject: 'sent', body: { reason: 'The group is full until March' }, becomes: { status: 'declined', declineReason: 'The group is full until March' } },
    withdraw: { method: 'POST', suffix: '/withdraw', subject: 'sent', becomes: { status: 'withdrawn' } },
    outcome: { method: 'POST', suffix: '/outcome', subject: 'accepted', body: { outcome: 'attended' }, becomes: { status: 'accepted', outcome: 'attended' } },
  };

  // Every (route × caller) pair, with the status the contract gives it. A role that never takes an
  // action is refused (403) before the referral is read, so a real id and a made-up one answer alike.
  const matrix: [Route, Who, number][] = [
    ['read', 'vcse', 200],
    ['read', 'foreignVcse', 404],
    ['read', 'linkWorker', 200],
    ['read', 'foreignLinkWorker', 404],
    // A fund manager sees a referral once its fund pays for it: a referral still `sent` is unseen.
    ['read', 'fundManager', 404],
    ['read', 'commissioner', 200],
    ['read', 'admin', 200],
    ['read', 'anonymous', 401],

    ['accept', 'vcse', 200],
    ['accept', 'foreignVcse', 404],
    ['accept', 'linkWorker', 403],
    ['accept', 'foreignLinkWorker', 403],
    ['accept', 'fundManager', 403],
    ['accept', 'commissioner', 403],
    ['accept', 'admin', 403],
    ['accept', 'anonymous', 401],

    ['decline', 'vcse', 200],
    ['decline', 'foreignVcse', 404],
    ['decline', 'linkWorker', 403],
    ['decline', 'foreignLinkWorker', 403],
    ['decline', 'fundManager', 403],
    ['decline', 'commissioner', 403],
    ['decline', 'admin', 403],
    ['decline', 'anonymous', 401],

    ['withdraw', 'vcse', 403],
    ['withdraw', 'foreignVcse', 403],
    ['withdraw', 'linkWorker', 200],
    ['withdraw', 'foreignLinkWorker', 404],
    ['withdraw', 'fundManager', 403],
    ['withdraw', 'commissioner', 403],
    ['withdraw', 'admin', 403],
    ['withdraw', 'anonymous', 401],

    ['outcome', 'vcse', 200],
    ['outcome', 'foreignVcse', 404],
    ['outcome', 'linkWorker', 403],
    ['outcome', 'foreignLinkWorker', 403],
    ['outcome', 'fundManager', 403],
    ['outcome', 'commissioner', 403],
    ['outcome', 'admin', 403],
    ['outcome', 'anonymous', 401],
  ];
  const CODE: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
  const VERB: Record<Route, [string, string]> = {
    read: ['read a referral', 'reading a referral'],
    accept: ['accept a referral', 'accepting a referral'],
    decline: ['decline a referral', 'declining a referral'],
    withdraw: ['withdraw a referral', 'withdrawing a referral'],
    outcome: ['record an outcome', 'recording an outcome'],
  };
  const rows = matrix.map(([route, who, status]) => ({
    route,
    who,
    status,
    name: `${status < 300 ? `lets ${DESCRIBED[who]} ${VERB[route][0]}` : `refuses ${DESCRIBED[who]} ${VERB[route][1]}`} (${status}${CODE[status] ? ` ${CODE[status]}` : ''})`,
  }));

  it.each(rows)('$name', async ({ route, who, status }) => {
    const spec = ROUTES[route];
    const subject = spec.subject === 'sent' ? await sendReferral(h, s) : await acceptedReferral();
    const path = (id: string) => `/v1/referrals/${id}${spec.suffix}`;
    const options = { ...as(who), ...(spec.body !== undefined ? { body: spec.body } : {}) };
    const before = await tableSnapshot(h);

    const res = await h.call(spec.method, path(subject.id), options);

    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 200) {
      expect(res.body).toMatchObject({ id: subject.id, ...(spec.becomes ?? {}) });
      const read = await h.call('GET', `/v1/referrals/${subject.id}`, { as: s.vcse });
      expect(read.body).toEqual(res.body);
      return;
    }
    expect(res.body.code).toBe(CODE[status]);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    // A refused request writes nothing.
    expect(await tableSnapshot(h)).toEqual(before);
    if (status === 404) {
      // Indistinguishable from a referral that does not exist: same status, same body, nothing more.
      const missing = await h.call(spec.method, path(NO_SUCH_REFERRAL), options);
      expect(missing.status).toBe(404);
      expect(comparable(res.body, subject.id)).toEqual(comparable(missing.body, NO_SUCH_REFERRAL));
      expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`${s.vcseOrgId}|${s.referrerOrgId}|${s.activityId}`));
    }
  });
});
