// Write sharding without DynamoDB: which shard a write lands on, and that reads adding the shards give the true totals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityStats } from '../../shared/domain/activity-stats.js';
import { activityStatsUpdate } from '../../shared/store/activity-stats.js';
import { acceptanceAggregates } from '../../shared/store/acceptance-items.js';
import { aggregateShardKeys, aggregateUpdate, sumAggregates, sumRow, type AggregateRow } from '../../shared/store/aggregates.js';
import { keyId } from '../../shared/store/keys.js';
import { SHARDS, shardOf, sumCounters, WRITE_SHARDS } from '../../shared/store/shards.js';
import type { TransactItem } from '../../shared/store/transact.js';

/** A table in memory that applies aggregate ADDs as DynamoDB would, keyed `pk|sk`. */
const applyAll = (updates: readonly TransactItem[]): Map<string, AggregateRow> => {
  const table = new Map<string, AggregateRow>();
  for (const { Update } of updates) {
    const key = keyId(Update!.Key as { pk: string; sk: string });
    const v = Update!.ExpressionAttributeValues!;
    const before = table.get(key) ?? { key: String(v[':k']), acceptedReferrals: 0, reservedPence: 0, paidPence: 0 };
    table.set(key, {
      key: before.key,
      acceptedReferrals: before.acceptedReferrals + Number(v[':a']),
      reservedPence: before.reservedPence + Number(v[':r']),
      paidPence: before.paidPence + Number(v[':p']),
    });
  }
  return table;
};

describe('Function: shardOf', () => {
  it('puts the same referral on the same shard every time, within 0 to 7', () => {
    expect(WRITE_SHARDS).toBe(8);
    for (const id of ['ref_01JD0000000000000000000000', 'line_1', 'agr_x']) {
      expect(shardOf(id)).toBe(shardOf(id));
      expect(shardOf(id)).toBeGreaterThanOrEqual(0);
      expect(shardOf(id)).toBeLessThan(WRITE_SHARDS);
    }
  });

  it('spreads 8,000 referrals over all 8 shards, none taking more than 1,150 (1,000 is even)', () => {
    const counts = new Array<number>(WRITE_SHARDS).fill(0);
    for (let i = 0; i < 8_000; i += 1) counts[shardOf(`ref_01JD${String(i).padStart(22, '0')}`)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1_150);
  });
});

describe('Function: acceptanceAggregates', () => {
  it("writes all four report keys on the referral's own shard", () => {
    const funding = { fundId: 'fund_1', agreementId: 'agr_1', agreementKind: 'per_referral' as const, periodKey: '2026-11', tariffPence: 2_500 };
    const dims = { organisation: 'org_1', month: '2026-11', priorityGroup: 'not_recorded', pcn: 'U12345' };
    const items = acceptanceAggregates('t', 'ref_a', funding, dims);
    const shard = shardOf('ref_a');
    expect(items.map((i) => (i.item.Update!.Key as { sk: string }).sk)).toEqual([
      `AGG#organisation#org_1#${shard}`,
      `AGG#month#2026-11#${shard}`,
      `AGG#priorityGroup#not_recorded#${shard}`,
      `AGG#pcn#U12345#${shard}`,
    ]);
  });
});

describe('Function: sumAggregates', () => {
  it('adds shards into one row per key, in key order, even when one shard went below zero', () => {
    const rows = sumAggregates([
      { key: 'org_b', acceptedReferrals: 2, reservedPence: 5_000, paidPence: 0 },
      { key: 'org_a', acceptedReferrals: 1, reservedPence: 2_500, paidPence: 0 },
      // A payment landed on a shard the acceptance did not: that shard is negative, the sum is right.
      { key: 'org_b', acceptedReferrals: 0, reservedPence: -2_500, paidPence: 2_500 },
    ]);
    expect(rows).toEqual([
      { key: 'org_a', acceptedReferrals: 1, reservedPence: 2_500, paidPence: 0 },
      { key: 'org_b', acceptedReferrals: 2, reservedPence: 2_500, paidPence: 2_500 },
    ]);
  });

  it('equals the true totals per key for any acceptances, payments and reversals, wherever each landed', () => {
    const change = fc.record({
      id: fc.string({ minLength: 1, maxLength: 12 }),
      key: fc.constantFrom('org_a', 'org_b', 'org_c'),
      accepted: fc.integer({ min: 0, max: 1 }),
      reserved: fc.integer({ min: -5_000, max: 5_000 }),
      paid: fc.integer({ min: -5_000, max: 5_000 }),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        const table = applyAll(
          changes.map((c) => aggregateUpdate('t', 'fund_1', 'organisation', c.key, { acceptedReferrals: c.accepted, reservedPence: c.reserved, paidPence: c.paid }, shardOf(c.id))),
        );
        const truth = new Map<string, AggregateRow>();
        for (const c of changes) {
          const t = truth.get(c.key) ?? { key: c.key, acceptedReferrals: 0, reservedPence: 0, paidPence: 0 };
          truth.set(c.key, { key: c.key, acceptedReferrals: t.acceptedReferrals + c.accepted, reservedPence: t.reservedPence + c.reserved, paidPence: t.paidPence + c.paid });
        }
        // The report's read (every shard under the dimension) and the statement's (one row's shards by key) agree with the truth.
        expect(sumAggregates(table.values())).toEqual([...truth.values()].sort((a, b) => a.key.localeCompare(b.key)));
        for (const key of ['org_a', 'org_b', 'org_c']) {
          expect(sumRow(table, 'fund_1', 'organisation', key)).toEqual(truth.get(key) ?? { key, acceptedReferrals: 0, reservedPence: 0, paidPence: 0 });
        }
      }),
    );
  });

  it("reads a row from exactly its 8 shards' keys", () => {
    expect(aggregateShardKeys('fund_1', 'pcn', 'U1').map((k) => k.sk)).toEqual(SHARDS.map((s) => `AGG#pcn#U1#${s}`));
  });
});

describe('Function: sumCounters', () => {
  it("gives the directory the same statistics from an activity's shards as from one item", () => {
    const shards: Record<string, number>[] = [
      { sent: 4, accepted: 2, rh_3: 1, rh_30: 1 },
      { sent: 3, declined: 2, rh_3: 1 },
      { sent: 3, accepted: 3, logged: 2, expired: 1, rh_30: 1, rh_100: 1 },
    ];
    const total = sumCounters(shards);
    expect(total).toEqual({ sent: 10, accepted: 5, logged: 2, declined: 2, expired: 1, rh_3: 2, rh_30: 2, rh_100: 1 });
    expect(activityStats(total)).toMatchObject({ referralsReceived: 10, acceptanceRate: 0.5, medianResponseHours: 30 });
  });

  it("counts a referral's sending and its answer on the same shard of the activity", () => {
    const sent = activityStatsUpdate('t', 'act_1', 'ref_a', { sent: 1 });
    const accepted = activityStatsUpdate('t', 'act_1', 'ref_a', { accepted: 1 }, 5);
    expect(sent.Update!.Key).toEqual(accepted.Update!.Key);
    expect(sent.Update!.Key).toEqual({ pk: 'ACT#act_1', sk: `STATS#${shardOf('ref_a')}` });
  });
});
