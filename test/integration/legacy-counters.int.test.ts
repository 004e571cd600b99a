// Counters written before write sharding are read by nothing until folded into shard 0; after the fold every figure is exact again.
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityStats } from '../../shared/domain/activity-stats.js';
import type { Store } from '../../shared/store/client.js';
import { legacyKeys } from '../../shared/store/keys-legacy.js';
import { foldLegacyCounters } from '../../shared/store/legacy-counters.js';
import { createActivity, createAgreement, createScenario, sendReferral, tableSnapshot, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const TARIFF = 2_500;
type Row = { key: string; acceptedReferrals: number; reservedPence: number; paidPence: number };
type Counts = Omit<Row, 'key'>;
const DIMENSIONS = ['organisation', 'month', 'priorityGroup', 'pcn'] as const;

const put = (item: Record<string, unknown>) => h.table.store.doc.send(new PutCommand({ TableName: h.table.store.tableName, Item: item }));

/** An aggregate as the writers before sharding left it: one item per key, in the fund's own partition. */
const putOldAggregate = (fundId: string, dimension: string, key: string, counts: Counts) =>
  put({ ...legacyKeys.aggregate(fundId, dimension, key), entity: 'aggregate', dimension, key, fundId, ...counts });

/** An aggregate as the first sharded writers left it: a shard, but still in the fund's own partition. */
const putInterimAggregate = (fundId: string, dimension: string, key: string, shard: number, counts: Counts) =>
  put({ ...legacyKeys.aggregateInFundPartition(fundId, dimension, key, shard), entity: 'aggregate', dimension, key, shard, fundId, ...counts });

/** An activity's statistics as the writers before sharding left them: counters only, on `STATS`. */
const putOldStats = (activityId: string, counters: Record<string, number>) => put({ ...legacyKeys.activityStats(activityId), ...counters });

const report = async (s: Scenario, groupBy: string): Promise<Row[]> => {
  const res = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=${groupBy}&limit=200`, { as: s.manager });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
};
const reports = async (s: Scenario) => Object.fromEntries(await Promise.all(DIMENSIONS.map(async (d) => [d, await report(s, d)] as const)));
const statementCount = async (s: Scenario): Promise<number> => {
  const res = await h.call('GET', `/v1/organisations/${s.vcseOrgId}/statement`, { as: s.vcse });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.funds.find((f: { fundId: string }) => f.fundId === s.fundId)?.acceptedReferrals ?? 0;
};
const stats = async (s: Scenario, activityId = s.activityId) => (await h.call('GET', `/v1/activities/${activityId}`, { as: s.linkWorker })).body.stats;

/** Everything left under one partition whose sort key starts with `prefix`, straight from the table. */
const rawItems = async (pk: string, prefix: string) => (await tableSnapshot(h)).filter((item) => item.pk === pk && String(item.sk).startsWith(prefix));

const accept = async (s: Scenario, id: string) => {
  const res = await h.call('POST', `/v1/referrals/${id}/accept`, { as: s.vcse });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { acceptedAt: string };
};

describe('Function: foldLegacyCounters', () => {
  it('restores the spend report, the statement count and the directory figures to the penny, and finds nothing the second time', async () => {
    // Prepare: 4 acceptances and a decline through the API (sharded), beside counters in both old shapes.
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: TARIFF });
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await sendReferral(h, s));
    const month = (await accept(s, sent[0]!.id)).acceptedAt.slice(0, 7);
    for (const r of sent.slice(1, 4)) await accept(s, r.id);
    expect((await h.call('POST', `/v1/referrals/${sent[4]!.id}/decline`, { as: s.vcse, body: { reason: 'Full this week' } })).status).toBe(200);

    const old: Counts = { acceptedReferrals: 7, reservedPence: 12_345, paidPence: 5_051 };
    const interim: Counts = { acceptedReferrals: 2, reservedPence: 4_999, paidPence: 1 };
    await putOldAggregate(s.fundId, 'organisation', s.vcseOrgId, old);
    await putOldAggregate(s.fundId, 'month', '2025-10', old);
    await putOldAggregate(s.fundId, 'priorityGroup', 'not_recorded', old);
    await putOldAggregate(s.fundId, 'pcn', 'U11111', old);
    await putInterimAggregate(s.fundId, 'organisation', s.vcseOrgId, 3, interim);
    await putInterimAggregate(s.fundId, 'month', month, 5, interim);
    await putInterimAggregate(s.fundId, 'priorityGroup', 'Carers', 0, interim);
    await putInterimAggregate(s.fundId, 'pcn', 'not_recorded', 7, interim);
    // 9 sent before sharding: 6 accepted here, 1 logged, 1 declined, 1 expired; 7 answers by the hour.
    const oldStats = { sent: 9, accepted: 7, logged: 1, declined: 1, expired: 1, rh_3: 4, rh_30: 2, rh_100: 1 };
    await putOldStats(s.activityId, oldStats);
    // An activity with nothing since sharding: after the fold it must read exactly as its single item did.
    const quiet = await createActivity(h, s.vcseOrgId);
    const quietStats = { sent: 4, accepted: 2, declined: 1, withdrawn: 1, rh_1: 1, rh_7: 1, rh_48: 1 };
    await putOldStats(quiet.id, quietStats);

    const sharded: Counts = { acceptedReferrals: 4, reservedPence: 4 * TARIFF, paidPence: 0 };
    const row = (key: string, ...parts: Counts[]): Row => ({
      key,
      acceptedReferrals: parts.reduce((n, p) => n + p.acceptedReferrals, 0),
      reservedPence: parts.reduce((n, p) => n + p.reservedPence, 0),
      paidPence: parts.reduce((n, p) => n + p.paidPence, 0),
    });

    // Assess (before): the old counters are lost to every reader.
    expect(await reports(s)).toEqual({
      organisation: [row(s.vcseOrgId, sharded)],
      month: [row(month, sharded)],
      priorityGroup: [row('not_recorded', sharded)],
      pcn: [row('not_recorded', sharded)],
    });
    expect(await statementCount(s)).toBe(4);
    expect(await stats(s)).toMatchObject({ referralsReceived: 5, accepted: 4, declined: 1, expired: 0, acceptanceRate: 0.8, medianResponseHours: 0 });
    expect(await stats(s, quiet.id)).toMatchObject({ referralsReceived: 0, acceptanceRate: null, medianResponseHours: null });

    // Act
    const first = await foldLegacyCounters(h.table.store);
    const second = await foldLegacyCounters(h.table.store);

    // Assess (after): each figure is the old plus the new, pence exact; nothing is folded twice.
    expect(first).toEqual({ found: 10, folded: 10 });
    expect(second).toEqual({ found: 0, folded: 0 });
    expect(await reports(s)).toEqual({
      organisation: [row(s.vcseOrgId, sharded, old, interim)],
      month: [row('2025-10', old), row(month, sharded, interim)],
      priorityGroup: [row('Carers', interim), row('not_recorded', sharded, old)],
      pcn: [row('U11111', old), row('not_recorded', sharded, interim)],
    });
    expect(await statementCount(s)).toBe(4 + 7 + 2);
    // 14 received; 10 accepted here of 13 decided; hours 0 ×5, 3 ×4, 30 ×2, 100 ×1: the median of 12 is 3.
    expect(await stats(s)).toMatchObject({ referralsReceived: 14, accepted: 11, declined: 2, expired: 1, acceptanceRate: Math.round((10 / 13) * 1000) / 1000, medianResponseHours: 3 });
    expect(await stats(s, quiet.id)).toEqual(activityStats(quietStats));
    expect(activityStats(quietStats)).toMatchObject({ referralsReceived: 4, acceptanceRate: 0.667, medianResponseHours: 7 });

    // No old item is left, and each shard 0 carries what the writers put on a shard.
    expect(await rawItems(`FUND#${s.fundId}`, 'AGG#')).toEqual([]);
    expect(await rawItems(`ACT#${s.activityId}`, 'STATS')).not.toContainEqual(expect.objectContaining({ sk: 'STATS' }));
    const [orgShard0] = await rawItems(`FUND#${s.fundId}#AGG`, `AGG#organisation#${s.vcseOrgId}#0`);
    expect(orgShard0).toMatchObject({ entity: 'aggregate', dimension: 'organisation', key: s.vcseOrgId, shard: 0, fundId: s.fundId });
  }, 120_000);

  it('resumes a run stopped part-way: each old item is folded whole or not at all, and the next run folds the rest', async () => {
    // Prepare: 6 old month rows, and a store whose third transaction fails as a lost connection would.
    const s = await createScenario(h);
    const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
    for (const [i, m] of months.entries()) await putOldAggregate(s.fundId, 'month', m, { acceptedReferrals: i + 1, reservedPence: 1_000 * (i + 1) + 1, paidPence: i });
    let transactions = 0;
    const failing = {
      ...h.table.store,
      doc: {
        send: (command: unknown) => {
          if (command instanceof TransactWriteCommand && ++transactions === 3) return Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
          return h.table.store.doc.send(command as never);
        },
      },
    } as unknown as Store;

    // Act
    await expect(foldLegacyCounters(failing)).rejects.toThrow();
    const resumed = await foldLegacyCounters(h.table.store);

    // Assess: two were folded before the failure, the other four now, and every row is whole.
    expect(resumed).toEqual({ found: 4, folded: 4 });
    expect(await report(s, 'month')).toEqual(months.map((m, i) => ({ key: m, acceptedReferrals: i + 1, reservedPence: 1_000 * (i + 1) + 1, paidPence: i })));
  });

  it('folds an addition an older version makes to an old report row after the scan read it, losing none of it', async () => {
    // Prepare: one old row, and a store through which an older writer adds to it just before the fold's first transaction.
    const s = await createScenario(h);
    await putOldAggregate(s.fundId, 'month', '2024-12', { acceptedReferrals: 2, reservedPence: 7_000, paidPence: 3_500 });
    let transactions = 0;
    const racing = {
      ...h.table.store,
      doc: {
        send: async (command: unknown) => {
          if (command instanceof TransactWriteCommand && ++transactions === 1) {
            await put({ ...legacyKeys.aggregate(s.fundId, 'month', '2024-12'), entity: 'aggregate', dimension: 'month', key: '2024-12', fundId: s.fundId, acceptedReferrals: 3, reservedPence: 10_500, paidPence: 3_500 });
          }
          return h.table.store.doc.send(command as never);
        },
      },
    } as unknown as Store;

    // Act
    const result = await foldLegacyCounters(racing);

    // Assess: folded once, as the row stood after the older writer's addition (the first attempt was refused).
    expect(result).toEqual({ found: 1, folded: 1 });
    expect(transactions).toBe(2);
    expect(await report(s, 'month')).toContainEqual({ key: '2024-12', acceptedReferrals: 3, reservedPence: 10_500, paidPence: 3_500 });
    expect(await rawItems(legacyKeys.aggregate(s.fundId, 'month', '2024-12').pk, 'AGG#month#2024-12')).toEqual([]);
  });

  it('folds a statistics item with 250 counters (every hour of a long wait) and reads it back exactly as the single item did', async () => {
    // Prepare
    const s = await createScenario(h);
    const counters: Record<string, number> = { sent: 1_200, accepted: 700, logged: 20, declined: 300, expired: 100, withdrawn: 30 };
    for (let hour = 0; hour < 244; hour += 1) counters[`rh_${hour}`] = (hour % 5) + 1;
    await putOldStats(s.activityId, counters);

    // Act
    const folded = await foldLegacyCounters(h.table.store);

    // Assess
    expect(folded).toEqual({ found: 1, folded: 1 });
    expect(await stats(s)).toEqual(activityStats(counters));
  });

  it('folds while referrals are sent and accepted, two runs at once, and every sum stays exact', async () => {
    // Prepare: 30 months of old counters and old statistics, and 16 referrals waiting for an answer.
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: TARIFF });
    const months = Array.from({ length: 30 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const oldMonth = (i: number): Counts => ({ acceptedReferrals: i + 1, reservedPence: (i + 1) * 1_001, paidPence: i * 7 });
    for (const [i, m] of months.entries()) await putOldAggregate(s.fundId, 'month', m, oldMonth(i));
    const oldTotal: Counts = {
      acceptedReferrals: months.reduce((n, _, i) => n + oldMonth(i).acceptedReferrals, 0),
      reservedPence: months.reduce((n, _, i) => n + oldMonth(i).reservedPence, 0),
      paidPence: months.reduce((n, _, i) => n + oldMonth(i).paidPence, 0),
    };
    await putOldAggregate(s.fundId, 'organisation', s.vcseOrgId, oldTotal);
    await putOldStats(s.activityId, { sent: 500, accepted: 465, rh_2: 400, rh_9: 65 });
    const waiting = [];
    for (let i = 0; i < 16; i += 1) waiting.push(await sendReferral(h, s));

    // Act: two folds, 16 acceptances and 8 more referrals, all at once.
    const [a, b, ...answers] = await Promise.all([
      foldLegacyCounters(h.table.store),
      foldLegacyCounters(h.table.store),
      ...waiting.map((r) => accept(s, r.id)),
      ...Array.from({ length: 8 }, () => sendReferral(h, s).then(() => undefined)),
    ]);

    // Assess: each old item folded by exactly one run, and every figure the old plus the new.
    expect(a!.folded + b!.folded).toBe(months.length + 2);
    expect(await foldLegacyCounters(h.table.store)).toEqual({ found: 0, folded: 0 });
    const month = (answers[0] as { acceptedAt: string }).acceptedAt.slice(0, 7);
    expect(await report(s, 'organisation')).toEqual([
      { key: s.vcseOrgId, acceptedReferrals: oldTotal.acceptedReferrals + 16, reservedPence: oldTotal.reservedPence + 16 * TARIFF, paidPence: oldTotal.paidPence },
    ]);
    const expectedMonths = [...months.map((m, i) => ({ key: m, ...oldMonth(i) })), { key: month, acceptedReferrals: 16, reservedPence: 16 * TARIFF, paidPence: 0 }];
    expect(await report(s, 'month')).toEqual(expectedMonths);
    expect(await statementCount(s)).toBe(oldTotal.acceptedReferrals + 16);
    expect(await stats(s)).toMatchObject({ referralsReceived: 500 + 24, accepted: 465 + 16, medianResponseHours: 2 });
  }, 120_000);
});
