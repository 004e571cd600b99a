// Payout runs paid in slices through the SQS handler and a queue stand-in: continuations, redeliveries, and no dead letters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerHandler } from '../../functions/payout-worker/sqs-handler.js';
import { SLICE_MARGIN_MS } from '../../functions/payout-worker/slice-budget.js';
import { createAgreement, createOrganisation, createScenario, readFund, type Scenario } from '../support/builders.js';
import { sqsEvent } from '../support/lambda-env.js';
import { queueStandIn } from '../support/payout-queue.js';
import { createPayoutHarness, inBatches, onboardQuickly, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

/** `PAYOUT_SLICE_LINES=5000 npm run test:soak` runs the long form; `npm test` runs a short one. */
const LINES = Number(process.env.PAYOUT_SLICE_LINES ?? 60);
/** Setting up an onboarded organisation takes about a quarter of a second on the shared machine; paying far less. */
const LONG_TIMEOUT_MS = 120_000 + LINES * 500;
const LINES_PER_SLICE = Math.max(10, Math.ceil(LINES / 8));
const TOTAL_PENCE_PER_LINE = 1_000;

let h: PayoutHarness;
let queue: ReturnType<typeof queueStandIn>;
beforeAll(async () => {
  queue = queueStandIn();
  // The pace turned up (1,000 transfers a second, no sandbox rate limit) so the test is about slicing, not waiting.
  h = await createPayoutHarness({ transfersPerSecond: 1_000, payouts: () => queue.dispatcher });
});
afterAll(() => h.close());

/** `count` onboarded VCSEs, each owed one block instalment, in one approved run whose message waits on the queue. */
const approvedRun = async (s: Scenario, count: number): Promise<string> => {
  await inBatches(Array.from({ length: count }, (_, i) => i), 25, async () => {
    const org = await createOrganisation(h, 'vcse');
    await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: TOTAL_PENCE_PER_LINE, period: 'agreement', organisationId: org.id, startsOn: '2026-01-01', endsOn: '2026-12-31' });
    await onboardQuickly(h, org.id);
  });
  await h.sandbox.webhooksIdle();
  // A large draft may stop at its request budget; the next draft request resumes it.
  let draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
  for (let attempt = 0; draft.status !== 201 && attempt < 20; attempt += 1) {
    draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
  }
  expect(draft.status, JSON.stringify(draft.body).slice(0, 500)).toBe(201);
  expect(draft.body.lines).toHaveLength(count);
  const approved = await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return draft.body.id as string;
};

/** The Lambda context of a worker with 60 s to run, as the stack configures it. */
const withSixtySeconds = () => ({ getRemainingTimeInMillis: () => 60_000 });

const transfersOf = (runId: string) => h.sandbox.transfers().filter((t) => t.transfer_group === runId);

describe('Payout runs in slices', () => {
  it(`pays a run of ${LINES} lines in slices of ${LINES_PER_SLICE}, each line once, with no message reaching the dead-letter queue`, async () => {
    // Prepare
    const s = await createScenario(h);
    const runId = await approvedRun(s, LINES);
    expect(queue.waiting).toHaveLength(1);
    const handler = createWorkerHandler(h.worker, { continuation: queue.continuation, slice: { maxLines: LINES_PER_SLICE } });

    // Act
    await queue.drain((event) => handler(event, withSixtySeconds()));

    // Assess: one message per slice, all succeeded; every line paid by exactly one transfer.
    expect(queue.deadLetters).toEqual([]);
    expect(queue.delivered()).toBe(Math.ceil(LINES / LINES_PER_SLICE));
    const run = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body;
    expect(run.status).toBe('paid');
    expect(run.progress).toEqual({ total: LINES, paid: LINES, failed: 0 });
    const transfers = transfersOf(runId);
    expect(transfers).toHaveLength(LINES);
    expect(new Set(transfers.map((t) => t.metadata.lineId)).size).toBe(LINES);
    expect(await readFund(h, s)).toMatchObject({ paidPence: LINES * TOTAL_PENCE_PER_LINE, reservedPence: 0 });
  }, LONG_TIMEOUT_MS);

  it('pays a run in two shards on two workers at once, each line once, and the last shard settles the run', async () => {
    // Prepare
    const s = await createScenario(h);
    const runId = await approvedRun(s, 40);
    const handler = createWorkerHandler(h.worker, { continuation: queue.continuation, shards: 2, slice: { maxLines: 6 } });

    // Act: two consumers, as the event source's maximum concurrency of 2.
    const consumer = (event: Parameters<typeof handler>[0]) => handler(event, withSixtySeconds());
    await queue.drain(consumer, consumer);

    // Assess
    expect(queue.deadLetters).toEqual([]);
    const run = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body;
    expect(run.status).toBe('paid');
    expect(run.progress).toEqual({ total: 40, paid: 40, failed: 0 });
    expect(new Set(transfersOf(runId).map((t) => t.metadata.lineId)).size).toBe(40);
    expect(transfersOf(runId)).toHaveLength(40);
  }, 120_000);

  it('pays each line once when a continuation is sent twice and a finished message is delivered again, even at the same time', async () => {
    // Prepare: a run of 30 lines, paid 8 lines a slice.
    const s = await createScenario(h);
    const runId = await approvedRun(s, 30);
    const [first] = queue.waiting.splice(0);
    const handler = createWorkerHandler(h.worker, { continuation: queue.continuation, slice: { maxLines: 8 } });

    // Act: the first slice; then its continuation twice, and the first message again, all at once.
    const firstEvent = sqsEvent(first!.body);
    expect((await handler(firstEvent, withSixtySeconds())).batchItemFailures).toEqual([]);
    expect(queue.waiting).toHaveLength(1);
    const continuation = queue.waiting.splice(0)[0]!.body;
    await Promise.all([continuation, continuation, first!.body].map((body) => handler(sqsEvent(body), withSixtySeconds())));
    await queue.drain((event) => handler(event, withSixtySeconds()));

    // Assess
    expect(queue.deadLetters).toEqual([]);
    const run = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body;
    expect(run.progress).toEqual({ total: 30, paid: 30, failed: 0 });
    const transfers = transfersOf(runId);
    expect(transfers).toHaveLength(30);
    expect(new Set(transfers.map((t) => t.metadata.lineId)).size).toBe(30);
  }, 120_000);

  it('stops starting lines when the remaining time reaches the margin, and continues the run in another message', async () => {
    // Prepare: a wall clock that moves 100 ms each time the slice looks at it, and 1 s to spend.
    const s = await createScenario(h);
    const runId = await approvedRun(s, 20);
    const [first] = queue.waiting.splice(0);
    let now = 0;
    const handler = createWorkerHandler({ ...h.worker, now: () => (now += 100) }, { continuation: queue.continuation });

    // Act
    const result = await handler(sqsEvent(first!.body), { getRemainingTimeInMillis: () => SLICE_MARGIN_MS + 1_000 });

    // Assess: part of the run paid, the message succeeded, and its continuation is queued.
    expect(result.batchItemFailures).toEqual([]);
    const paid = transfersOf(runId).length;
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThan(20);
    expect(queue.waiting.map((m) => JSON.parse(m.body))).toEqual([{ runId, shard: { index: 0, of: 1 } }]);
    await queue.drain((event) => handler(event, { getRemainingTimeInMillis: () => SLICE_MARGIN_MS + 1_000 }));
    expect(transfersOf(runId)).toHaveLength(20);
    expect(queue.deadLetters).toEqual([]);
  }, 120_000);
});
