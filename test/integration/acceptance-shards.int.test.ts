// Many acceptances at once land on several shards of each report key and activity's statistics,
// and every report still equals the sum of the referrals behind it.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, readFund, sendReferral, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
let s: Scenario;
beforeAll(async () => {
  h = await createHarness();
  s = await createScenario(h);
});
afterAll(() => h.close());

const TARIFF = 2_500;
const PCNS = ['U11111', 'U22222', 'U33333'] as const;
const GROUPS = ['Carers', 'Over 65s'] as const;

/** The raw items under one partition and sort-key prefix, straight from the table. */
const rawItems = async (pk: string, prefix: string) =>
  (
    await h.table.store.doc.send(
      new QueryCommand({
        TableName: h.table.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk, ':sk': prefix },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const report = async (groupBy: string) => {
  const res = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=${groupBy}&limit=200`, { as: s.manager });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { key: string; acceptedReferrals: number; reservedPence: number; paidPence: number }[];
};

describe('Acceptance with write-sharded reports', () => {
  it('spreads 48 simultaneous acceptances over several shards, and every report adds up to the referrals', async () => {
    // Prepare: 48 referrals across three PCNs and two priority groups, and 6 more that stay unanswered or are declined.
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: TARIFF });
    const sent = [];
    for (let i = 0; i < 48; i += 1) sent.push({ ...(await sendReferral(h, s, { pcnOdsCode: PCNS[i % 3], priorityGroup: GROUPS[i % 2] })), pcn: PCNS[i % 3], group: GROUPS[i % 2] });
    const declined = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${declined.id}/decline`, { as: s.vcse, body: { reason: 'Full this week' } })).status).toBe(200);
    for (let i = 0; i < 5; i += 1) await sendReferral(h, s);

    // Act: every acceptance at once.
    const outcomes = await Promise.all(sent.map((r) => h.call('POST', `/v1/referrals/${r.id}/accept`, { as: s.vcse })));

    // Assess: all accepted, the fund reserved exactly 48 tariffs.
    expect(outcomes.map((o) => o.status)).toEqual(sent.map(() => 200));
    expect((await readFund(h, s)).reservedPence).toBe(48 * TARIFF);

    // The organisation's row is kept on several shards, each a part of the whole.
    const orgShards = await rawItems(`FUND#${s.fundId}#AGG`, `AGG#organisation#${s.vcseOrgId}#`);
    expect(orgShards.length).toBeGreaterThan(3);
    expect(orgShards.reduce((n, item) => n + Number(item.acceptedReferrals), 0)).toBe(48);

    // Each report equals a count of the referrals themselves.
    const month = outcomes[0]!.body.acceptedAt.slice(0, 7) as string;
    expect(await report('organisation')).toEqual([{ key: s.vcseOrgId, acceptedReferrals: 48, reservedPence: 48 * TARIFF, paidPence: 0 }]);
    expect(await report('month')).toEqual([{ key: month, acceptedReferrals: 48, reservedPence: 48 * TARIFF, paidPence: 0 }]);
    expect(await report('pcn')).toEqual(PCNS.map((key) => ({ key, acceptedReferrals: 16, reservedPence: 16 * TARIFF, paidPence: 0 })));
    expect(await report('priorityGroup')).toEqual(GROUPS.map((key) => ({ key, acceptedReferrals: 24, reservedPence: 24 * TARIFF, paidPence: 0 })));

    // Pages of one row each still give each key once, summed whole.
    const first = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=pcn&limit=1`, { as: s.manager });
    const second = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=pcn&limit=1&cursor=${first.body.nextCursor}`, { as: s.manager });
    expect([first.body.items[0].key, second.body.items[0].key]).toEqual(['U11111', 'U22222']);
    expect(second.body.items[0].acceptedReferrals).toBe(16);

    // The statement counts the organisation's acceptances from every shard.
    const statement = await h.call('GET', `/v1/organisations/${s.vcseOrgId}/statement`, { as: s.vcse });
    expect(statement.body.funds.find((f: { fundId: string }) => f.fundId === s.fundId).acceptedReferrals).toBe(48);

    // The activity's statistics are on several shards too, and the directory reads them whole:
    // 54 received, 48 accepted of 49 decided.
    expect((await rawItems(`ACT#${s.activityId}`, 'STATS#')).length).toBeGreaterThan(3);
    const activity = await h.call('GET', `/v1/activities/${s.activityId}`, { as: s.linkWorker });
    expect(activity.body.stats).toMatchObject({ referralsReceived: 54, acceptanceRate: Math.round((48 / 49) * 1000) / 1000 });
  }, 120_000);
});
