// The four Lambda entries as AWS invokes them: API Gateway v2, SQS and EventBridge payloads in the
// shapes AWS documents, a Cognito-style JWKS, the Stripe sandbox, and DynamoDB Local underneath.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIdFactory } from '../../shared/domain/ids.js';
import { approveRun, getRun } from '../../shared/store/payout-runs.js';
import {
  invokeHttp,
  lambdaContext,
  scheduledEvent,
  sqsEvent,
  type Caller,
  type HttpApiHandler,
  type HttpRequest,
  type LambdaEnv,
  type ScheduledEvent,
  startLambdaEnv,
} from '../support/lambda-env.js';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { coldStartEntries, startIamChecking, type IamChecking } from '../support/iam-checking-client.js';

// Each function's stores refuse what the synthesized template does not grant that function.
vi.mock('../../shared/store/client.js', async (importOriginal) =>
  (await import('../support/iam-checking-client.js')).withIamCheckedStores(await importOriginal<typeof import('../../shared/store/client.js')>()),
);

let env: LambdaEnv;
let iam: IamChecking;
let apiHandler: HttpApiHandler;
let webhookHandler: HttpApiHandler;
let workerHandler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
let expiryHandler: (event: ScheduledEvent, context: Context) => Promise<{ expired: number; skipped: number }>;

beforeAll(async () => {
  env = await startLambdaEnv();
  iam = await startIamChecking();
  // Cold starts: each entry reads process.env and builds its clients once, at import.
  ({ api: apiHandler, webhook: webhookHandler, worker: workerHandler, expiry: expiryHandler } = await coldStartEntries(iam));
  // (The timeout allows for a cold cache: startIamChecking synthesizes the stack first.)
}, 300_000);
afterEach(() => expect(iam.refusals()).toEqual([]));
afterAll(() => env?.close());

const ADMIN: Caller = { sub: 'admin-lambda', roles: ['admin'] };
const member = (organisationId: string, role: Caller['roles'][number], sub = `${role}-${organisationId}`): Caller => ({ sub, roles: [role], organisationId });
const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** Calls the API function as `as` (a Cognito ID token in the Authorization header). */
const api = async (request: HttpRequest & { as?: Caller }) =>
  invokeHttp(apiHandler, 'pay-on-prescription-api', { ...request, ...(request.as ? { bearer: await env.token(request.as) } : {}) });

const created = async (request: HttpRequest & { as?: Caller }): Promise<{ id: string } & Record<string, any>> => {
  const res = await api(request);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const newOrganisation = (kind: 'vcse' | 'referrer' | 'fund_manager') =>
  created({ method: 'POST', path: '/v1/organisations', as: ADMIN, body: { name: `Lambda ${kind} ${Date.now()}`, kind } });

/** Delivers a signed Stripe event to the webhook function, base64-encoded as API Gateway may send it. */
const deliverWebhook = (payload: string, secret = env.sandbox.webhookSecret) =>
  invokeHttp(webhookHandler, 'pay-on-prescription-stripe-webhook', {
    method: 'POST',
    path: '/v1/stripe/webhook',
    body: payload,
    base64: true,
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signPayload(payload, secret), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
  });

/** Onboarding through the API function, then Stripe's account.updated through the webhook function. */
const onboard = async (organisationId: string): Promise<string> => {
  const link = await api({ method: 'POST', path: `/v1/organisations/${organisationId}/stripe-onboarding`, as: member(organisationId, 'vcse') });
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  const accountId = (await api({ method: 'GET', path: `/v1/organisations/${organisationId}`, as: ADMIN })).body.stripeAccountId as string;
  expect(env.sandbox.completeOnboarding(accountId)).toBe(true);
  const event = env.sandbox.events().findLast((e) => e.type === 'account.updated' && e.account === accountId);
  expect(event).toBeDefined();
  const delivered = await deliverWebhook(JSON.stringify(event));
  expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
  return accountId;
};

/** Runs `act` with stdout and stderr captured (Powertools writes its JSON log lines there). */
const capturingLogs = async <T>(act: () => Promise<T>): Promise<{ result: T; logs: string }> => {
  const written: string[] = [];
  const capture = (chunk: unknown) => (written.push(String(chunk)), true);
  const spies = [vi.spyOn(process.stderr, 'write').mockImplementation(capture), vi.spyOn(process.stdout, 'write').mockImplementation(capture)];
  try {
    return { result: await act(), logs: written.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
};

describe('Function: api (API Gateway HTTP API, payload format 2.0)', () => {
  it('answers GET /health on a public route with no authorizer context', async () => {
    const res = await invokeHttp(apiHandler, 'pay-on-prescription-api', { method: 'GET', path: '/health' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ status: 'ok', versions: { stage: 'dev' } });
  });

  it('creates an organisation in DynamoDB Local and reads it back, with API Gateway’s request id', async () => {
    const res = await api({ method: 'POST', path: '/v1/organisations', as: ADMIN, body: { name: 'Medway Walking Club', kind: 'vcse', charityNumber: '1234567' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers['x-request-id']).toBe(res.requestId);
    const read = await api({ method: 'GET', path: `/v1/organisations/${res.body.id}`, as: ADMIN });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: res.body.id, name: 'Medway Walking Club', kind: 'vcse', payoutsEnabled: false, stripeAccountId: null });
    expect(env.jwksRequests()).toBeGreaterThan(0);
  });

  it('serves the public Open Referral UK API from the same function, without a token', async () => {
    const org = await created({ method: 'POST', path: '/v1/organisations', as: ADMIN, body: { name: 'Strood Singers', kind: 'vcse' } });
    await created({ method: 'POST', path: '/v1/activities', as: { sub: 'v', roles: ['vcse'], organisationId: org.id }, body: { name: 'Singing for the brain', category: 'arts' } });
    const res = await api({ method: 'GET', path: '/openreferral/services?search=singing' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.contents.map((s: { name: string }) => s.name)).toEqual(['Singing for the brain']);
  });

  it('decodes a base64-encoded body (isBase64Encoded: true)', async () => {
    const res = await api({ method: 'POST', path: '/v1/organisations', as: ADMIN, base64: true, body: { name: 'Gillingham Allotments', kind: 'vcse' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const read = await api({ method: 'GET', path: `/v1/organisations/${res.body.id}`, as: ADMIN });
    expect(read.body.name).toBe('Gillingham Allotments');
  });

  // API Gateway's JWT authorizer refuses these before the function runs; the app checks again.
  it.each([
    ['a token from a key the user pool never published', () => env.foreignToken(ADMIN)],
    ['a token for another app client', () => env.token(ADMIN, { audience: 'someotherclient' })],
    ['a token that is not a JWT', async () => 'not-a-jwt'],
  ])('answers 401 problem+json to %s', async (_label, bearer) => {
    const res = await invokeHttp(apiHandler, 'pay-on-prescription-api', { method: 'POST', path: '/v1/organisations', bearer: await bearer(), body: { name: 'Nope', kind: 'vcse' } });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(res.headers['x-request-id']).toBe(res.requestId);
  });

  it('refuses a body over 64 KiB with 413 payload_too_large', async () => {
    const res = await api({ method: 'POST', path: '/v1/organisations', as: ADMIN, body: { name: 'x'.repeat(65 * 1024), kind: 'vcse' } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'payload_too_large' });
  });
});

// parseGroups itself ("[fund_manager admin]", JSON arrays, junk) is covered in test/unit/roles.test.ts.
describe('Roles through API Gateway’s JWT authorizer', () => {
  it.each([
    ['a JSON array, as Cognito signs it', ['fund_manager', 'admin']],
    ['the bracketed string API Gateway renders', '[fund_manager admin]'],
  ])('grants both roles when the verified token’s cognito:groups is %s', async (_label, groups) => {
    const fundManagerOrg = await newOrganisation('fund_manager');
    const caller: Caller = { sub: 'fm-admin', roles: [], organisationId: fundManagerOrg.id };
    const bearer = await env.token(caller, { groups });
    const claims = { sub: caller.sub, 'cognito:groups': '[fund_manager admin]', 'custom:org_id': fundManagerOrg.id, token_use: 'id' };
    const asAdmin = await invokeHttp(apiHandler, 'api', { method: 'POST', path: '/v1/organisations', bearer, claims, body: { name: 'Chatham Men’s Shed', kind: 'vcse' } });
    expect(asAdmin.status, JSON.stringify(asAdmin.body)).toBe(201);
    const year = new Date().getUTCFullYear();
    const fund = { name: 'Health Inequalities Fund', totalPence: 30_000_000, startsOn: `${year}-01-01`, endsOn: `${year + 1}-12-31` };
    const asFundManager = await invokeHttp(apiHandler, 'api', { method: 'POST', path: '/v1/funds', bearer, claims, body: fund });
    expect(asFundManager.status, JSON.stringify(asFundManager.body)).toBe(201);
  });

  it('takes roles from the verified token, not from the authorizer context', async () => {
    const vcseOrg = await newOrganisation('vcse');
    const vcse = member(vcseOrg.id, 'vcse');
    const bearer = await env.token(vcse);
    const claims = { sub: vcse.sub, 'cognito:groups': '[fund_manager admin]', 'custom:org_id': vcseOrg.id };
    const res = await invokeHttp(apiHandler, 'api', { method: 'POST', path: '/v1/organisations', bearer, claims, body: { name: 'Escalated', kind: 'vcse' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('answers 401 to authorizer claims that arrive without a token', async () => {
    const claims = { sub: 'ghost', 'cognito:groups': '[admin]' };
    const res = await invokeHttp(apiHandler, 'api', { method: 'POST', path: '/v1/organisations', claims, body: { name: 'Ghost', kind: 'vcse' } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});

describe('Function: stripe-webhook', () => {
  it('verifies a base64-encoded account.updated and enables payouts; a redelivery is a duplicate', async () => {
    const org = await newOrganisation('vcse');
    const accountId = await onboard(org.id);
    const read = await api({ method: 'GET', path: `/v1/organisations/${org.id}`, as: member(org.id, 'vcse') });
    expect(read.body).toMatchObject({ stripeAccountId: accountId, payoutsEnabled: true });
    const event = env.sandbox.events().findLast((e) => e.type === 'account.updated' && e.account === accountId);
    const again = await deliverWebhook(JSON.stringify(event));
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
  });

  it('refuses a bad signature with 400 and applies nothing', async () => {
    const payload = JSON.stringify({ id: 'evt_lambda_forged', object: 'event', type: 'account.updated', livemode: false, data: { object: {} } });
    const res = await deliverWebhook(payload, 'whsec_not_the_endpoint_secret');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
  });
});

describe('Function: payout-worker (SQS)', () => {
  it('pays an approved run named in an SQS message, and a redelivery pays nothing twice', async () => {
    // Prepare: a fund, a per-referral agreement, an onboarded VCSE and one accepted referral,
    // drafted by one fund manager and approved by another (in the table, so nothing dispatches).
    const fmOrg = await newOrganisation('fund_manager');
    const [manager, second] = [member(fmOrg.id, 'fund_manager', 'fm-1'), member(fmOrg.id, 'fund_manager', 'fm-2')];
    const vcseOrg = await newOrganisation('vcse');
    const vcse = member(vcseOrg.id, 'vcse');
    const referrer = await newOrganisation('referrer');
    const year = new Date().getUTCFullYear();
    const period = { startsOn: `${year}-01-01`, endsOn: `${year + 1}-12-31` };
    const fund = await created({ method: 'POST', path: '/v1/funds', as: manager, body: { name: 'Lambda fund', totalPence: 1_000_000, ...period } });
    const activity = await created({ method: 'POST', path: '/v1/activities', as: vcse, body: { name: 'Walking for health', category: 'physical_activity' } });
    await created({ method: 'POST', path: `/v1/funds/${fund.id}/agreements`, as: manager, body: { organisationId: vcseOrg.id, kind: 'per_referral', tariffPence: 2_500, period: 'month', ...period } });
    const accountId = await onboard(vcseOrg.id);
    const referral = await created({ method: 'POST', path: '/v1/referrals', as: member(referrer.id, 'link_worker'), body: { activityId: activity.id, clientRef: 'LW-0001', source: 'gp' } });
    expect((await api({ method: 'POST', path: `/v1/referrals/${referral.id}/accept`, as: vcse })).status).toBe(200);
    const draft = await created({ method: 'POST', path: `/v1/funds/${fund.id}/payout-runs`, as: manager, body: { through: londonToday() } });
    expect(draft).toMatchObject({ status: 'draft', totalPence: 2_500 });
    await approveRun(env.table.store, (await getRun(env.table.store, draft.id))!, { actor: second.sub, at: new Date().toISOString(), eventId: createIdFactory()('event', new Date()) });

    // Act
    const message = JSON.stringify({ runId: draft.id });
    const first = await workerHandler(sqsEvent(message), lambdaContext('pay-on-prescription-payout-worker', 900_000));
    const redelivered = await workerHandler(sqsEvent(message), lambdaContext('pay-on-prescription-payout-worker', 900_000));

    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    const run = await api({ method: 'GET', path: `/v1/payout-runs/${draft.id}`, as: manager });
    expect(run.body).toMatchObject({ status: 'paid', approvedBy: second.sub, progress: { total: 1, paid: 1, failed: 0 } });
    const transfers = env.sandbox.transfers().filter((t) => t.transfer_group === draft.id);
    expect(transfers.map((t) => [t.destination, t.amount])).toEqual([[accountId, 2_500]]);
  });

  it('drops and logs a message it can never read, without failing the batch', async () => {
    const event = sqsEvent(JSON.stringify({ runId: 'not-a-run' }), JSON.stringify({ hello: 'world' }));
    const { result, logs } = await capturingLogs(() => workerHandler(event, lambdaContext('pay-on-prescription-payout-worker')));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(logs).toContain('unreadable payout message');
    for (const record of event.Records) expect(logs).toContain(record.messageId);
  });

  // A body that is not JSON at all (AWS's own sample body, "test") must not fail the batch: the
  // good messages with it would be retried and the bad one would end in the dead-letter queue.
  it('drops a message whose body is not JSON, without failing the batch', async () => {
    const event = sqsEvent('test', JSON.stringify({ runId: 'not-a-run' }));
    const { result } = await capturingLogs(() => workerHandler(event, lambdaContext('pay-on-prescription-payout-worker')));
    expect(result).toEqual({ batchItemFailures: [] });
  });
});

describe('Function: expiry-job (EventBridge Scheduled Event)', () => {
  it('expires a referral left unanswered past its deadline, once', async () => {
    const vcseOrg = await newOrganisation('vcse');
    const referrer = await newOrganisation('referrer');
    const linkWorker = member(referrer.id, 'link_worker');
    const activity = await created({ method: 'POST', path: '/v1/activities', as: member(vcseOrg.id, 'vcse'), body: { name: 'Gardening', category: 'gardening' } });
    const referral = await created({ method: 'POST', path: '/v1/referrals', as: linkWorker, body: { activityId: activity.id, clientRef: 'LW-0002', source: 'gp' } });
    const listed = await api({ method: 'GET', path: '/v1/referrals', query: `status=sent&activityId=${activity.id}`, as: linkWorker });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([referral.id]);
    const fired = new Date(Date.parse(referral.sentAt) + 15 * 86_400_000);

    const first = await expiryHandler(scheduledEvent(fired), lambdaContext('pay-on-prescription-expiry-job'));
    const second = await expiryHandler(scheduledEvent(fired), lambdaContext('pay-on-prescription-expiry-job'));

    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(second).toEqual({ expired: 0, skipped: 0 });
    const read = await api({ method: 'GET', path: `/v1/referrals/${referral.id}`, as: linkWorker });
    expect(read.body.status).toBe('expired');
  });
});

describe('Cold start', () => {
  it('refuses AUTH_MODE=local inside Lambda', async () => {
    vi.resetModules();
    const saved = process.env.AUTH_MODE;
    process.env.AUTH_MODE = 'local';
    try {
      await expect(import('../../functions/api/index.js')).rejects.toMatchObject({ name: 'ConfigError', message: expect.stringMatching(/AUTH_MODE=local .*refused inside Lambda/) });
      await expect(import('../../functions/stripe-webhook/index.js')).rejects.toMatchObject({ name: 'ConfigError' });
    } finally {
      process.env.AUTH_MODE = saved;
    }
  });
});
