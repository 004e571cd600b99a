// Least privilege, both ways: each function's code, run as AWS runs it, needs every DynamoDB action its role grants and nothing more.
//
// The IAM-checking client (test/support/iam-checking-client.ts) refuses anything the synthesized
// template does not grant; this file drives each function down every path that touches the table
// (including the rare ones: a failed idempotent request, a payout line too big for one transaction
// and its reversal) and then asks whether any grant went unused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTION_NAMES } from '../../infra/iam-actions.js';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { createIdFactory } from '../../shared/domain/ids.js';
import { approveRun, getRun } from '../../shared/store/payout-runs.js';
import { IN_TRANSACTION } from '../../shared/store/report-moves.js';
import { startNotifySandbox, type NotifySandbox } from '../../local/notify-sandbox/index.js';
import { coldStartEntries, startIamChecking, type IamChecking } from '../support/iam-checking-client.js';
import { invokeHttp, lambdaContext, sqsEvent, startLambdaEnv, type Caller, type LambdaEnv } from '../support/lambda-env.js';
import { chainEvents } from '../support/notifier-harness.js';
import { pipesBody } from '../support/pipes-body.js';
import { startSqsStandIn, type SqsStandIn } from '../support/sqs-stand-in.js';
import { londonDate } from '../../shared/domain/periods.js';

// The functions' stores, checked: see test/support/iam-checking-client.ts.
vi.mock('../../shared/store/client.js', async (importOriginal) =>
  (await import('../support/iam-checking-client.js')).withIamCheckedStores(await importOriginal<typeof import('../../shared/store/client.js')>()),
);

let env: LambdaEnv;
let iam: IamChecking;
let notify: NotifySandbox;
let sqs: SqsStandIn;
/** The notification queue's URL, on the stand-in (the SDK sends to the queue URL's host). */
let queueUrl: string;
/** The entries, cold-started with the check on their stores. */
let fn: Awaited<ReturnType<typeof coldStartEntries>> & { notifier: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<any> };
beforeAll(async () => {
  env = await startLambdaEnv();
  iam = await startIamChecking();
  // The notifier builds its own Notify and SQS clients from its environment, as in AWS.
  notify = await startNotifySandbox({ port: 0 });
  sqs = await startSqsStandIn();
  queueUrl = `${sqs.endpoint}/123456789012/pay-on-prescription-notifications`;
  Object.assign(process.env, {
    NOTIFY_SANDBOX_URL: notify.url,
    NOTIFY_QUEUE_URL: queueUrl,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    PUBLIC_URL: 'https://pay.example.org',
  });
  const entries = await coldStartEntries(iam);
  const notifier = (await iam.coldStart('notifier', () => import('../../functions/notifier/index.js'))).handler as unknown as (typeof fn)['notifier'];
  fn = { ...entries, notifier };
  // (The timeout allows for a cold cache: startIamChecking synthesizes the stack first.)
}, 300_000);
afterAll(async () => {
  await notify?.close();
  await sqs?.close();
  await env?.close();
});

type As = { as: Caller; headers?: Record<string, string> };
const call = async (method: string, path: string, options: As & { body?: unknown; query?: string }) =>
  invokeHttp(fn.api, 'pay-on-prescription-api', { method, path, body: options.body, query: options.query, headers: options.headers, bearer: await env.token(options.as) });
const made = async (path: string, options: As & { body: unknown }) => {
  const res = await call('POST', path, options);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string } & Record<string, any>;
};
const webhook = (event: unknown) => {
  const payload = JSON.stringify(event);
  return invokeHttp(fn.webhook, 'pay-on-prescription-stripe-webhook', {
    method: 'POST',
    path: '/v1/stripe/webhook',
    body: payload,
    headers: { 'stripe-signature': signPayload(payload, env.sandbox.webhookSecret) },
  });
};
/** Hands the notifier, as Pipes would, the chain's audit event with this action. */
const notifyOf = async (chainId: string, action: string) => {
  const event = (await chainEvents(env, chainId)).find((e) => e.action === action);
  expect(event, `${action} on ${chainId}`).toBeDefined();
  const result = await fn.notifier(sqsEvent(pipesBody(event!)), lambdaContext('pay-on-prescription-notifier', 60_000));
  expect(result).toEqual({ batchItemFailures: [] });
};
const setAddresses = async (organisationId: string, as: Caller, email: string) => {
  const res = await call('PUT', `/v1/organisations/${organisationId}/notification-settings`, { as, body: { addresses: [{ email }] } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};
const lastEvent = (type: string, match: (object: any) => boolean) => env.sandbox.events().findLast((e) => e.type === type && match(e.data.object));

const admin: Caller = { sub: 'iam-admin', roles: ['admin'] };
const year = new Date().getUTCFullYear();
const period = { startsOn: `${year}-01-01`, endsOn: `${year + 1}-12-31` };

describe('IAM-checking client > every path that touches the table', () => {
  it('lets the API release an idempotency record when a request fails and list for a commissioner by index (no Scan), and the expiry job expire', async () => {
    const referrer = await made('/v1/organisations', { as: admin, body: { name: 'IAM referrer', kind: 'referrer' } });
    const vcseOrg = await made('/v1/organisations', { as: admin, body: { name: 'IAM quiet VCSE', kind: 'vcse' } });
    const linkWorker: Caller = { sub: 'iam-lw', roles: ['link_worker'], organisationId: referrer.id };
    const activity = await made('/v1/activities', { as: { sub: 'iam-quiet', roles: ['vcse'], organisationId: vcseOrg.id }, body: { name: 'IAM choir', category: 'gardening' } });
    const unanswered = await made('/v1/referrals', { as: linkWorker, body: { activityId: activity.id, clientRef: 'IAM-0', source: 'gp' } });
    const fortnightLater = new Date(Date.parse(unanswered.sentAt) + 15 * 86_400_000);
    expect((await fn.expiry({ time: fortnightLater.toISOString() })).expired).toBeGreaterThanOrEqual(1);
    // A refusal (here 400) is not kept for replay: Powertools deletes the record it wrote (DeleteItem on IDEMPOTENCY).
    const refused = await call('POST', '/v1/referrals', {
      as: linkWorker,
      headers: { 'idempotency-key': 'iam-missing-activity' },
      body: { activityId: 'act_01JAAAAAAAAAAAAAAAAAAAAAAA', clientRef: 'IAM-1', source: 'gp' },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    const listed = await call('GET', '/v1/referrals', { as: { sub: 'iam-icb', roles: ['commissioner'], organisationId: referrer.id } });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  });

  it(`pays and reverses a line spanning more than ${IN_TRANSACTION} report keys through the worker and the webhook`, async () => {
    // Prepare: a VCSE accepts referrals from 60 PCNs: with its month and priority group, more moves than one transaction carries.
    const fm = await made('/v1/organisations', { as: admin, body: { name: 'IAM fund manager', kind: 'fund_manager' } });
    const vcseOrg = await made('/v1/organisations', { as: admin, body: { name: 'IAM VCSE', kind: 'vcse' } });
    const referrer = await made('/v1/organisations', { as: admin, body: { name: 'IAM referrer 2', kind: 'referrer' } });
    const manager: Caller = { sub: 'iam-fm-1', roles: ['fund_manager'], organisationId: fm.id };
    const vcse: Caller = { sub: 'iam-vcse', roles: ['vcse'], organisationId: vcseOrg.id };
    const linkWorker: Caller = { sub: 'iam-lw-2', roles: ['link_worker'], organisationId: referrer.id };
    const fund = await made('/v1/funds', { as: manager, body: { name: 'IAM fund', totalPence: 10_000_000, ...period } });
    const activity = await made('/v1/activities', { as: vcse, body: { name: 'IAM walking group', category: 'physical_activity' } });
    await made(`/v1/funds/${fund.id}/agreements`, { as: manager, body: { organisationId: vcseOrg.id, kind: 'per_referral', tariffPence: 1_000, period: 'month', ...period } });
    await setAddresses(vcseOrg.id, vcse, 'payments@iam-vcse.example.org');
    expect((await call('POST', `/v1/organisations/${vcseOrg.id}/stripe-onboarding`, { as: vcse })).status).toBe(200);
    const accountId = (await call('GET', `/v1/organisations/${vcseOrg.id}`, { as: vcse })).body.stripeAccountId as string;
    env.sandbox.completeOnboarding(accountId);
    expect((await webhook(lastEvent('account.updated', (a) => a.id === accountId))).status).toBe(200);
    for (let i = 0; i < 60; i += 1) {
      const body = { activityId: activity.id, clientRef: `IAM-PCN-${i}`, source: 'gp', pcnOdsCode: `U${20_000 + i}` };
      const referral = await made('/v1/referrals', { as: linkWorker, body });
      expect((await call('POST', `/v1/referrals/${referral.id}/accept`, { as: vcse })).status).toBe(200);
    }
    const draft = await made(`/v1/funds/${fund.id}/payout-runs`, { as: manager, body: { through: londonDate(new Date()) } });
    await approveRun(env.table.store, (await getRun(env.table.store, draft.id))!, { actor: 'iam-fm-2', at: new Date().toISOString(), eventId: createIdFactory()('event', new Date()) });

    // Act: the worker pays it; Stripe reverses it and tells the webhook.
    expect(await fn.worker(sqsEvent(JSON.stringify({ runId: draft.id })), lambdaContext('pay-on-prescription-payout-worker', 900_000))).toEqual({ batchItemFailures: [] });
    // The remittance advice, built from the line's referrals (one BatchGetItem), goes to the VCSE.
    await notifyOf(draft.id, 'payout_line.paid');
    expect(notify.outbox('payments@iam-vcse.example.org').map((m) => m.templateName)).toContain('remittance_advice');
    const [transfer] = env.sandbox.transfers().filter((t) => t.transfer_group === draft.id);
    await fetch(`${env.sandbox.url}/v1/transfers/${transfer!.id}/reversals`, { method: 'POST', headers: { authorization: 'Bearer sk_test_iam' } });
    const reversed = await webhook(lastEvent('transfer.reversed', (t) => t.id === transfer!.id));

    // Assess: paid then reversed in full, every report key back to reserved.
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
    const byPcn = await call('GET', '/v1/reports/spend', { as: manager, query: `fundId=${fund.id}&groupBy=pcn&limit=200` });
    expect(byPcn.body.items).toHaveLength(60);
    for (const row of byPcn.body.items) expect(row).toMatchObject({ reservedPence: 1_000, paidPence: 0 });
    // The open-data reads over the same run: exports with the reversal, month paid, capacity, the run's chain, ORUK.
    for (const [path, query] of [
      ['/v1/exports/spend.csv', `fundId=${fund.id}`],
      ['/v1/exports/360giving.json', `fundId=${fund.id}`],
      ['/v1/reports/spend', `fundId=${fund.id}&groupBy=monthPaid`],
      ['/v1/reports/capacity', `fundId=${fund.id}`],
      ['/v1/audit', `entityId=${draft.id}`],
      ['/openreferral/services', 'per_page=200'],
    ] as const) {
      const res = await call('GET', path, { as: manager, query });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
    }
  }, 120_000);
});

describe('IAM-checking client > the notifier', () => {
  it('tells a VCSE of a referral, queues and sends its reminder, from the stream and the schedule', async () => {
    const referrer = await made('/v1/organisations', { as: admin, body: { name: 'IAM notified referrer', kind: 'referrer' } });
    const vcseOrg = await made('/v1/organisations', { as: admin, body: { name: 'IAM notified VCSE', kind: 'vcse' } });
    const vcse: Caller = { sub: 'iam-notified-vcse', roles: ['vcse'], organisationId: vcseOrg.id };
    const linkWorker: Caller = { sub: 'iam-notified-lw', roles: ['link_worker'], organisationId: referrer.id };
    await setAddresses(vcseOrg.id, vcse, 'referrals@iam-vcse.example.org');
    const activity = await made('/v1/activities', { as: vcse, body: { name: 'IAM book club', category: 'arts' } });
    const referral = await made('/v1/referrals', { as: linkWorker, body: { activityId: activity.id, clientRef: 'IAM-N-1', source: 'gp' } });

    // The stream's referral.sent becomes an e-mail to the VCSE.
    await notifyOf(referral.id, 'referral.sent');
    expect(notify.outbox('referrals@iam-vcse.example.org').map((m) => m.templateName)).toEqual(['referral_received']);

    // The hourly schedule, a day before the deadline, queues one reminder; the notifier sends it.
    const dayBefore = new Date(Date.parse(referral.respondBy) - 86_400_000 + 60_000).toISOString();
    expect(await fn.notifier({ 'detail-type': 'Scheduled Event', time: dayBefore }, lambdaContext('pay-on-prescription-notifier', 60_000))).toMatchObject({ queued: 1 });
    const [job] = sqs.sent(queueUrl);
    expect(JSON.parse(job!)).toMatchObject({ type: 'reminder', referralId: referral.id });
    expect(await fn.notifier(sqsEvent(job!), lambdaContext('pay-on-prescription-notifier', 60_000))).toEqual({ batchItemFailures: [] });
    expect(notify.outbox('referrals@iam-vcse.example.org').map((m) => m.templateName)).toEqual(['referral_received', 'referral_reminder']);
  });
});

describe('IAM-checking client > verdict', () => {
  it('refused nothing: no function’s code needs an action its role lacks', () => {
    expect(iam.refusals()).toEqual([]);
  });

  it('used every action each role grants: no function has a grant its code does not need', () => {
    for (const fn of FUNCTION_NAMES) {
      const granted = [...new Set(iam.policies.byFunction[fn].grants.flatMap((g) => g.actions))].sort();
      expect(iam.used(fn), fn).toEqual(granted);
    }
  });
});
