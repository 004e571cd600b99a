// Found by the load: fund managers drafting one fund's run at once. A request whose draft another took
// over after its last line was written answered 500 when it came to mark the run complete; it must
// answer 409 like any other request that lost its draft, and the draft that took over must stand.
import { createStore } from '../../shared/store/client.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { enablePayouts } from '../support/hostile-world.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: Harness;
/** Runs once, just before a request's "draft complete" transaction is sent. */
let beforeCompletion: (() => Promise<void>) | undefined;
beforeAll(async () => {
  h = await createHarness((base) => {
    const store = createStore({ tableName: base.store.tableName, endpoint: inject('dynamoEndpoint') });
    store.raw.middlewareStack.add(
      (next) => async (args) => {
        const items = (args.input as { TransactItems?: { Put?: { Item?: { action?: string } } }[] }).TransactItems ?? [];
        const hook = beforeCompletion;
        if (hook && items.some((i) => i.Put?.Item?.action === 'payout_run.drafted')) {
          beforeCompletion = undefined;
          await hook();
        }
        return next(args);
      },
      { step: 'initialize', name: 'beforeDraftCompletion' },
    );
    return { store };
  });
});
afterAll(() => h.close());

describe('Concurrent drafts of one fund’s run', () => {
  it('answers 409 to a draft request whose run another request took over just before it completed, never 500', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await enablePayouts(h, s.vcseOrgId);
    const referral = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
    const through = londonDate(new Date());
    let second: Awaited<ReturnType<Harness['call']>> | undefined;
    // The first request has locked the amounts and written its line; a second request resumes the draft.
    beforeCompletion = async () => {
      second = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.secondManager, body: { through } });
    };
    const first = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through } });
    expect(second?.status, JSON.stringify(second?.body)).toBe(201);
    expect(first.status, JSON.stringify(first.body)).toBe(409);
    expect(first.body.code).toBe('invalid_transition');
    const run = await h.call('GET', `/v1/payout-runs/${second!.body.id}`, { as: s.manager });
    expect(run.body).toMatchObject({ status: 'draft', totalPence: 2_500 });
    expect(run.body.lines).toHaveLength(1);
  });
});
