// A payout run of 1,000 organisations paid as the stack pays it, against the sandbox at the configured test-mode rate.
//
// Two workers (the event source's maximum concurrency), each its own pacer at its share of the
// configured rate, take the run's shards and continuations from a queue stand-in through the real
// SQS handler; the sandbox enforces Stripe's test-mode limit of 25 requests a second and answers
// after a delay like Stripe's. The floor is the time the configured rate allows: 1,000 ÷ rate.
import { PAYOUT_SHARE, PAYOUT_WORKERS, payoutRate, STRIPE_LIMITS, transfersPerSecondPerWorker } from '../infra/payout-rate.js';
import { createPacer } from '../functions/payout-worker/pacer.js';
import type { PayoutWorkerDeps } from '../functions/payout-worker/pay-run.js';
import { createWorkerHandler } from '../functions/payout-worker/sqs-handler.js';
import { startDynamoDbLocal } from '../local/dynamodb.js';
import { startStripeSandbox } from '../local/stripe-sandbox/index.js';
import type { Role } from '../shared/domain/roles.js';
import { applyAccountState, linkStripeAccount } from '../shared/store/stripe-accounts.js';
import { queueStandIn } from '../test/support/payout-queue.js';
import { sandboxGateway } from '../test/support/sandbox-gateway.js';
import type { BenchRow } from './row.js';
import { createBenchApp, timed } from './support.js';
import { londonDate } from '../shared/domain/periods.js';

const GOAL = 1.1;
const STRIPE_TEST_LIMIT = STRIPE_LIMITS.test.endpoint;
/** About what a transfer takes at Stripe; the worker's concurrent payers hide it behind the pace. */
const STRIPE_LATENCY_MS = 150;

const ADMIN = { sub: 'bench-admin', roles: ['admin'] as Role[] };

export const measurePayoutRun = async (options: { dynamoEndpoint?: string; organisations?: number } = {}): Promise<BenchRow[]> => {
  const count = options.organisations ?? 1_000;
  const rate = payoutRate('test');
  const dynamo = options.dynamoEndpoint ? undefined : await startDynamoDbLocal();
  const sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, log: () => undefined });
  try {
    const stripe = sandboxGateway(sandbox, 20_000);
    const queue = queueStandIn();
    const { call, deps } = await createBenchApp(options.dynamoEndpoint ?? dynamo!.endpoint, `bench-payouts-${Date.now()}`, { stripe, payouts: queue.dispatcher });

    // Prepare (not timed): a fund, and `count` onboarded VCSEs each owed one block instalment.
    const mva = (await call('POST', '/v1/organisations', ADMIN, { name: 'Bench Voluntary Action', kind: 'fund_manager' })).body;
    const manager = { sub: 'bench-fm-1', roles: ['fund_manager'] as Role[], organisationId: mva.id };
    const second = { ...manager, sub: 'bench-fm-2' };
    const fund = (await call('POST', '/v1/funds', manager, { name: 'Bench fund', totalPence: count * 1_000 + 1_000_000, startsOn: '2026-01-01', endsOn: '2027-12-31' })).body;
    const setup = await timed(Array.from({ length: count }, (_, i) => i), 25, async (i) => {
      const org = (await call('POST', '/v1/organisations', ADMIN, { name: `Bench VCSE ${i}`, kind: 'vcse' })).body;
      const agreement = await call('POST', `/v1/funds/${fund.id}/agreements`, manager, { organisationId: org.id, kind: 'block', capacity: 1, amountPence: 1_000, period: 'agreement', startsOn: '2026-01-01', endsOn: '2026-12-31' });
      if (agreement.status !== 201) throw new Error(`bench set-up: agreement ${agreement.status} ${JSON.stringify(agreement.body)}`);
      const { id: accountId } = await stripe.createConnectedAccount({ organisationId: org.id, idempotencyKey: `acct-${org.id}` });
      const at = new Date().toISOString();
      await linkStripeAccount(deps.store, org.id, accountId, { at, actor: 'bench', eventId: deps.ids('event', new Date(at)) });
      await applyAccountState(deps.store, org.id, { accountId, payoutsEnabled: true, transfersCapability: 'active' }, { at, actor: 'bench', eventId: deps.ids('event', new Date(at)), stripeEventId: `evt_bench_${org.id}` });
      sandbox.completeOnboarding(accountId);
    });
    let draft = await call('POST', `/v1/funds/${fund.id}/payout-runs`, manager, { through: londonDate(new Date()) });
    for (let attempt = 0; draft.status !== 201 && attempt < 20; attempt += 1) {
      draft = await call('POST', `/v1/funds/${fund.id}/payout-runs`, manager, { through: londonDate(new Date()) });
    }
    if (draft.status !== 201 || draft.body.lines.length !== count) throw new Error(`bench set-up: draft ${draft.status} with ${draft.body.lines?.length} lines`);

    // Act (timed): approval to the run settled, Stripe's test-mode limit and latency in force.
    sandbox.setRateLimit(STRIPE_TEST_LIMIT);
    sandbox.setLatency(STRIPE_LATENCY_MS);
    const workers = Array.from({ length: PAYOUT_WORKERS }, () => {
      const worker: PayoutWorkerDeps = { store: deps.store, stripe, logger: deps.logger, clock: deps.clock, ids: deps.ids, metrics: deps.metrics, pacer: createPacer(transfersPerSecondPerWorker('test')) };
      const handle = createWorkerHandler(worker, { continuation: queue.continuation, shards: PAYOUT_WORKERS });
      // Each invocation gets the worker's 60 s timeout (infra/stacks/pay-on-prescription-stack.ts).
      const invokedAt = () => Date.now();
      return (event: Parameters<typeof handle>[0]) => {
        const started = invokedAt();
        return handle(event, { getRemainingTimeInMillis: () => 60_000 - (Date.now() - started) });
      };
    });
    const started = performance.now();
    const approved = await call('POST', `/v1/payout-runs/${draft.body.id}/approve`, second);
    if (approved.status !== 200) throw new Error(`bench: approve ${approved.status} ${JSON.stringify(approved.body)}`);
    await queue.drain(...workers);
    const seconds = (performance.now() - started) / 1000;

    const run = (await call('GET', `/v1/payout-runs/${draft.body.id}`, manager)).body;
    const transfers = sandbox.transfers().filter((t) => t.transfer_group === draft.body.id).length;
    if (run.status !== 'paid' || transfers !== count || queue.deadLetters.length > 0) {
      throw new Error(`bench: run ${run.status}, ${transfers} transfers for ${count} lines, ${queue.deadLetters.length} dead letters`);
    }
    const floor = count / rate;
    const ratio = seconds / floor;
    const note = `${count} lines, ${PAYOUT_WORKERS} workers at ${transfersPerSecondPerWorker('test')}/s each (configured ${rate}/s = ${PAYOUT_SHARE * 100}% of Stripe's ${STRIPE_TEST_LIMIT}/s); sandbox limit ${STRIPE_TEST_LIMIT}/s, latency ${STRIPE_LATENCY_MS} ms; ${queue.delivered()} messages, none dead-lettered; set-up ${(setup.wallMs / 1000).toFixed(0)} s (not timed)`;
    return [{ measure: `payout run of ${count.toLocaleString('en-GB')} organisations ÷ (${count.toLocaleString('en-GB')} ÷ the configured test-mode rate)`, unit: 's', project: seconds, floor, ratio, goal: GOAL, met: ratio <= GOAL, note }];
  } finally {
    await sandbox.close();
    await dynamo?.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await measurePayoutRun({ organisations: Number(process.env.PAYOUT_RUN_ORGANISATIONS ?? 1_000) }), null, 2));
