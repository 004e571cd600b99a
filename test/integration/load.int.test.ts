// Mixed load over real HTTP (the API served by @hono/node-server, as `npm start` serves it): link workers
// sending, VCSEs accepting, fund managers drafting and approving, commissioners reading reports and
// Stripe's webhooks arriving, from 50 concurrent clients. Zero 500s; the invariant checker passes after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, userOf } from '../support/builders.js';
import { recordFigures } from '../support/hostile-figures.js';
import { percentile } from '../../bench/stats.js';
import { createLoadClient, type LoadRecorder, type LoadWorld } from '../support/load-clients.js';
import { createPayoutHarness, onboard, type PayoutHarness } from '../support/payouts.js';

/** The short form runs a few seconds; `npm run test:soak` sets LOAD_SECONDS=60. */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 4);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);

let h: PayoutHarness;
beforeAll(async () => {
  // Stripe's test-mode rate limit stays on: a burst of transfers meets 429s and retries them.
  h = await createPayoutHarness({ rateLimitPerSecond: 25, transfersPerSecond: 20 });
});
afterAll(() => h.close());

const createLoadWorld = async (): Promise<LoadWorld> => {
  const s = await createScenario(h, { totalPence: 5_000_000 });
  const vcses = [];
  for (let i = 0; i < 3; i += 1) {
    const id = i === 0 ? s.vcseOrgId : (await createOrganisation(h, 'vcse')).id;
    const activityId = i === 0 ? s.activityId : (await createActivity(h, id)).id;
    await createAgreement(h, s, { organisationId: id, kind: 'per_referral', tariffPence: 1_500 + 500 * i, ...(i === 2 ? { capacity: 40 } : {}) });
    if (i < 2) await onboard(h, id);
    vcses.push({ vcse: userOf(id, 'vcse'), activityId });
  }
  return { s, vcses, commissioner: userOf((await createOrganisation(h, 'commissioner')).id, 'commissioner') };
};

describe('Mixed load at 50 concurrent clients', () => {
  it(`answers ${CLIENTS} clients for ${SECONDS} s with no 500, and the ledger adds up after`, async () => {
    const world = await createLoadWorld();
    const recorder: LoadRecorder = { statuses: new Map(), times: [], failures: [] };
    const client = createLoadClient(h, world, recorder);
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i, started + SECONDS * 1000)));
    await h.payouts.idle();
    await h.sandbox.webhooksIdle();
    const elapsed = (Date.now() - started) / 1000;
    const statuses = Object.fromEntries([...recorder.statuses].sort(([a], [b]) => a - b).map(([status, n]) => [String(status), n]));
    console.log(
      `Load: ${recorder.times.length} requests from ${CLIENTS} clients in ${elapsed.toFixed(1)} s; statuses ${JSON.stringify(statuses)}; ` +
        `p50 ${percentile(recorder.times, 50).toFixed(1)} ms, p95 ${percentile(recorder.times, 95).toFixed(1)} ms`,
    );
    recordFigures({ loadRequests: recorder.times.length, loadStatuses: statuses });
    expect(recorder.failures, 'answers of 500 or above').toEqual([]);
    const fund = (await h.call('GET', `/v1/funds/${world.s.fundId}`, { as: world.s.manager })).body;
    expect(fund.availablePence + fund.reservedPence + fund.paidPence).toBe(fund.totalPence);
    // Every transfer the sandbox made pays one line of this fund's runs, and the fund's paid is their sum.
    const transfers = h.sandbox.transfers();
    expect(new Set(transfers.map((t) => t.metadata.lineId)).size).toBe(transfers.length);
    expect(transfers.reduce((n, t) => n + t.amount - t.amount_reversed, 0)).toBe(fund.paidPence);
  }, 60_000 + SECONDS * 2_000);
});
