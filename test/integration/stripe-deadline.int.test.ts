// Stripe calls under a deadline, against the sandbox: a slow Stripe is given up on before the deadline, a call with too little time is not sent, and a line given up on is paid exactly once afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerHandler } from '../../functions/payout-worker/sqs-handler.js';
import { deadlineIn } from '../../shared/retry/retry.js';
import { StripeGatewayError } from '../../shared/stripe/gateway.js';
import { expectEachLinePaidOnce, owingRun } from '../support/crash-accounting.js';
import { sqsEvent } from '../support/lambda-env.js';
import { queueStandIn } from '../support/payout-queue.js';
import { createPayoutHarness, eventually, type PayoutHarness } from '../support/payouts.js';

/** How long the sandbox takes to answer in these tests: far longer than any deadline given. */
const SLOW_MS = 8_000;

let h: PayoutHarness;
beforeAll(async () => {
  // Approved runs wait on a queue stand-in, so each test invokes the worker's SQS handler itself, with a Lambda context.
  const queue = queueStandIn();
  h = await createPayoutHarness({ payouts: () => queue.dispatcher, worker: { concurrency: 1 } });
});
afterEach(() => {
  h.sandbox.setLatency(0);
  h.sandbox.clearFailures();
});
afterAll(() => h.close());

const rejection = async (promise: Promise<unknown>): Promise<StripeGatewayError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StripeGatewayError);
  return error as StripeGatewayError;
};

describe('A Stripe call under a deadline', () => {
  it('gives up on a slow Stripe before the deadline with a retryable 503', async () => {
    h.sandbox.setLatency(SLOW_MS);
    const started = Date.now();
    const deadline = deadlineIn(4_000, started);
    const error = await rejection(h.stripe.withDeadline(deadline).getBalancePence());
    const ended = Date.now();
    expect(error).toMatchObject({ code: 'unavailable', status: 503, reason: 'timeout', definitive: false });
    expect(ended, 'ended before the deadline').toBeLessThan(deadline.at);
    expect(ended - started, 'well before the slow answer').toBeLessThan(SLOW_MS);
  });

  it('sends nothing when too little of the deadline is left, and says so', async () => {
    // A tripwire: the next request to reach the sandbox would take this fault.
    h.sandbox.failNext('server_error', { path: '/v1/transfers' });
    const error = await rejection(
      h.stripe.withDeadline(deadlineIn(2_000)).createTransfer({ amountPence: 100, destination: 'acct_none', transferGroup: 'run_x', metadata: {}, idempotencyKey: 'deadline-unsent' }),
    );
    expect(error).toMatchObject({ code: 'unavailable', reason: 'deadline', definitive: false });
    expect(error.detail).toBe('Stripe did not complete the request; please try again shortly.');
    expect(h.sandbox.summary().pendingFailures, 'no request reached Stripe').toBe(1);
    expect(h.sandbox.transfers().filter((t) => t.transfer_group === 'run_x')).toEqual([]);
  });

  it('keeps the same calls unbounded by a deadline when none is given, so background work still waits for Stripe', async () => {
    h.sandbox.setLatency(1_200);
    // The gateway's own 2 s per attempt (test/support/payouts.ts), not a deadline's plan.
    await expect(h.stripe.getBalancePence()).resolves.toBeGreaterThan(0);
  });
});

describe('A payout slice when Stripe is slow', () => {
  it('fails the line before the Lambda would be killed, and the retry pays it exactly once although Stripe made the transfer late', async () => {
    const { s, runId } = await owingRun(h, 1);
    expect((await h.call('POST', `/v1/payout-runs/${runId}/approve`, { as: s.secondManager })).status).toBe(200);
    h.sandbox.setLatency(SLOW_MS);
    // A worker invocation with 9 s left: its deadline is 6 s away (less the 3 s Lambda margin); reading the run takes some of it.
    const handler = createWorkerHandler(h.worker, { slice: { marginMs: 1_000 } });
    const started = Date.now();
    const answer = await handler(sqsEvent(JSON.stringify({ runId })), { getRemainingTimeInMillis: () => 9_000 - (Date.now() - started) });
    const ended = Date.now();
    h.sandbox.setLatency(0);
    expect(ended - started, 'the invocation ended inside its 9 s').toBeLessThan(9_000);
    expect(answer.batchItemFailures).toEqual([]);
    let run = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body;
    expect(run.status).toBe('paid_with_failures');
    // The attempt timed out; with time for a retry, the SDK's retry found Stripe still busy with the key (409).
    expect(run.lines[0]).toMatchObject({ status: 'failed', attempt: 1 });
    expect(['timeout', 'idempotency_key_in_use']).toContain(run.lines[0].failureCode);

    // Stripe was only slow: the transfer it was asked for arrives after the worker stopped waiting.
    const late = await eventually('the slow transfer to land', async () => h.sandbox.transfers().find((t) => t.transfer_group === runId), 20_000);
    expect((await h.call('POST', `/v1/payout-runs/${runId}/retry`, { as: s.manager })).status).toBe(200);
    await handler(sqsEvent(JSON.stringify({ runId })), { getRemainingTimeInMillis: () => 60_000 });
    run = await expectEachLinePaidOnce(h, s, runId);
    expect(run.lines[0]).toMatchObject({ status: 'paid', stripeTransferId: late.id, attempt: 1 });
  });

  it('leaves a line it had no time to send pending, not failed, and the next invocation pays it once', async () => {
    const { s, runId } = await owingRun(h, 1);
    expect((await h.call('POST', `/v1/payout-runs/${runId}/approve`, { as: s.secondManager })).status).toBe(200);
    // 5 s left: the deadline is 2 s away (less the 3 s Lambda margin), too little for one attempt, so nothing is sent.
    const handler = createWorkerHandler(h.worker, { slice: { marginMs: 1_000 } });
    const started = Date.now();
    await handler(sqsEvent(JSON.stringify({ runId })), { getRemainingTimeInMillis: () => 5_000 - (Date.now() - started) });
    let run = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body;
    expect(run.lines[0]).toMatchObject({ status: 'pending', failureCode: null });
    expect(h.sandbox.transfers().filter((t) => t.transfer_group === runId)).toHaveLength(0);
    // The message comes back (or its continuation is sent): a full invocation pays the line, once.
    await handler(sqsEvent(JSON.stringify({ runId })), { getRemainingTimeInMillis: () => 60_000 });
    run = await expectEachLinePaidOnce(h, s, runId);
    expect(run.lines[0]).toMatchObject({ status: 'paid' });
  });
});
