// Stripe faults through the local sandbox: 500s, timeouts, 429s and connection resets on transfers
// during a payout run and on account and link calls during onboarding. Nothing is paid twice, a line
// that Stripe let down is failed and retryable under the same key, and every transfer is one line's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureKind } from '../../local/stripe-sandbox/index.js';
import { ADMIN, createOrganisation, readFund, userOf } from '../support/builders.js';
import { expectEachLinePaidOnce, owingRun } from '../support/crash-accounting.js';
import { recordFigures } from '../support/hostile-figures.js';
import { seededRandom } from '../support/model-random.js';
import { createPayoutHarness, settled, type PayoutHarness } from '../support/payouts.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 13);
const KINDS: readonly FailureKind[] = ['server_error', 'timeout', 'rate_limit', 'connection_reset'];
/** The gateway's per-attempt timeout is 2 s here: a held connection outlives it, then is dropped. */
const HOLD_MS = 2_500;

let h: PayoutHarness;
let stripeClockOffsetMs = 0;
let requests = 0;
beforeAll(async () => {
  // One line at a time, so the seeded faults land on the same calls on every run and a seed replays.
  h = await createPayoutHarness({ sandboxNow: () => Date.now() + stripeClockOffsetMs, worker: { concurrency: 1 } });
});
afterAll(async () => {
  clearFaults();
  recordFigures({ requests, faultsInjected: queued });
  await h.close();
});

const call: PayoutHarness['call'] = (...args) => {
  requests += 1;
  return h.call(...args);
};

let queued = 0;
/** Faults the sandbox has served so far (queued less those still waiting). */
const faultsTaken = () => queued - Number(h.sandbox.summary().pendingFailures);
/** Forgets the failures not yet served, keeping the count of those that were. */
const clearFaults = () => {
  queued = faultsTaken();
  h.sandbox.clearFailures();
};

/**
 * Queues `bursts` runs of failures on `path`, drawn from the seeded generator: a kind, 1 to 5 in a
 * row (the SDK retries a call three times, so a burst of four or more fails the call), half of them
 * after Stripe committed (the transfer exists but the answer never arrives). Timeouts come singly,
 * since each holds a connection past the gateway's 2 s timeout.
 */
const injectFaults = (random: () => number, path: string, bursts: number, options: { timeouts?: boolean } = {}) => {
  const kinds = options.timeouts === false ? KINDS.filter((k) => k !== 'timeout') : KINDS;
  for (let i = 0; i < bursts; i += 1) {
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    const count = kind === 'timeout' ? 1 : 1 + Math.floor(random() * 5);
    const afterCommit = kind !== 'rate_limit' && random() < 0.5;
    h.sandbox.failNext(kind, { path, afterCommit, holdMs: HOLD_MS, count });
    queued += count;
  }
};

const transfersOf = (runId: string) => h.sandbox.transfers().filter((t) => t.transfer_group === runId);

describe('A payout run through Stripe faults', () => {
  it('pays every line exactly once through seeded 500s, timeouts, 429s and resets, retrying the lines that failed', async () => {
    const { s, runId } = await owingRun(h, 4);
    const random = seededRandom(SEED);
    // More faults than the SDK's three retries of one call can absorb, so some lines fail first.
    injectFaults(random, '/v1/transfers', 8);
    expect((await call('POST', `/v1/payout-runs/${runId}/approve`, { as: s.secondManager })).status).toBe(200);
    let run = await settled(h, runId, s.manager);
    // What the next attempt must be: a 429 is a definitive refusal (nothing ran), so the retry takes
    // a new key; any other failure may have paid, so the retry keeps the key.
    const expectedAttempt = new Map<string, number>(run.lines.map((l: { id: string }) => [l.id, 1]));
    let retriedLines = 0;
    for (let round = 0; run.status === 'paid_with_failures' && round < 10; round += 1) {
      for (const line of run.lines.filter((l: { status: string }) => l.status === 'failed')) {
        retriedLines += 1;
        if (line.failureCode === 'rate_limit') expectedAttempt.set(line.id, expectedAttempt.get(line.id)! + 1);
      }
      const retried = await call('POST', `/v1/payout-runs/${runId}/retry`, { as: s.manager });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      run = await settled(h, runId, s.manager);
    }
    const taken = faultsTaken();
    clearFaults();
    // A line retried under a new key after an earlier attempt's answer was lost is still paid once:
    // the worker looks the transfer up by run and line before asking again.
    await expectEachLinePaidOnce(h, s, runId);
    expect(Object.fromEntries(run.lines.map((l: { id: string; attempt: number }) => [l.id, l.attempt]))).toEqual(Object.fromEntries(expectedAttempt));
    expect(taken).toBeGreaterThan(0);
    expect(retriedLines, 'some line failed first and was retried').toBeGreaterThan(0);
  });

  it('keeps a line failed and unpaid while Stripe replays a saved 500, and pays it once after Stripe forgets the key', async () => {
    const { s, runId } = await owingRun(h, 1);
    // A 500 inside Stripe's endpoint is saved under the key and replayed (Stripe-Should-Retry: false).
    h.sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST', saved: true });
    queued += 1;
    await call('POST', `/v1/payout-runs/${runId}/approve`, { as: s.secondManager });
    let run = await settled(h, runId, s.manager);
    expect(run.lines[0]).toMatchObject({ status: 'failed', attempt: 1 });
    await call('POST', `/v1/payout-runs/${runId}/retry`, { as: s.manager });
    run = await settled(h, runId, s.manager);
    expect(run.status, 'the same key replays the saved 500').toBe('paid_with_failures');
    expect(transfersOf(runId)).toEqual([]);
    expect((await readFund(h, s)).paidPence).toBe(0);

    stripeClockOffsetMs = 25 * 3_600_000;
    try {
      await call('POST', `/v1/payout-runs/${runId}/retry`, { as: s.manager });
      await settled(h, runId, s.manager);
    } finally {
      stripeClockOffsetMs = 0;
    }
    await expectEachLinePaidOnce(h, s, runId);
  });
});

describe('Onboarding through Stripe faults', () => {
  it('answers 503 problem+json while Stripe fails, then links one connected account per organisation', async () => {
    const random = seededRandom(SEED + 1);
    const organisations = await Promise.all(Array.from({ length: 2 }, () => createOrganisation(h, 'vcse')));
    const before = faultsTaken();
    for (const organisation of organisations) {
      const vcse = userOf(organisation.id, 'vcse');
      injectFaults(random, '/v1/accounts', 2, { timeouts: false });
      injectFaults(random, '/v1/account_links', 2, { timeouts: false });
      let answer;
      for (let attempt = 0; attempt < 10; attempt += 1) {
        answer = await call('POST', `/v1/organisations/${organisation.id}/stripe-onboarding`, { as: vcse });
        if (answer.status === 200) break;
        expect(answer.status, JSON.stringify(answer.body)).toBe(503);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.detail).not.toMatch(/stripe-sandbox|sk_test|stack/i);
      }
      expect(answer?.status, JSON.stringify(answer?.body)).toBe(200);
      const opened = await fetch(answer!.body.url, { redirect: 'follow' });
      expect(opened.ok).toBe(true);
    }
    expect(faultsTaken()).toBeGreaterThan(before);
    clearFaults();
    for (const organisation of organisations) {
      const created = h.sandbox.accounts().filter((a) => a.metadata?.organisationId === organisation.id);
      expect(created, `connected accounts of ${organisation.id}`).toHaveLength(1);
      const stored = (await call('GET', `/v1/organisations/${organisation.id}`, { as: ADMIN })).body;
      expect(stored.stripeAccountId).toBe(created[0]!.id);
    }
  });
});
