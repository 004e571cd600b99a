// Which items the fold of the pre-sharding counters takes, and the one transaction it writes for each.
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../shared/store/entity.js';
import { keys } from '../../shared/store/keys.js';
import { legacyKeys } from '../../shared/store/keys-legacy.js';
import { COUNTERS_PER_UPDATE, foldTransaction, legacyCounterOf } from '../../shared/store/legacy-counters.js';
import { WRITE_SHARDS } from '../../shared/store/shards.js';
import type { NamedItem, TransactItem, TransactPart } from '../../shared/store/transact.js';

const TABLE = 'table';
const counts = { acceptedReferrals: 3, reservedPence: 7_501, paidPence: 2_500 };
const oldAggregate = { ...legacyKeys.aggregate('fund_1', 'pcn', 'U11111'), entity: 'aggregate', dimension: 'pcn', key: 'U11111', fundId: 'fund_1', ...counts };

const itemOfPart = (part: TransactPart): TransactItem => ('item' in part ? (part as NamedItem).item : (part as TransactItem));
const updates = (parts: TransactPart[]) => parts.map(itemOfPart).flatMap((item) => (item.Update ? [item.Update] : []));

describe('Function: legacyCounterOf', () => {
  it('takes an aggregate from before sharding, placed by its attributes', () => {
    expect(legacyCounterOf(oldAggregate)).toEqual({ kind: 'aggregate', key: legacyKeys.aggregate('fund_1', 'pcn', 'U11111'), fundId: 'fund_1', dimension: 'pcn', rowKey: 'U11111', delta: counts });
  });

  it('takes a shard left in the fund partition, even when its key holds a #', () => {
    const interim = { ...legacyKeys.aggregateInFundPartition('fund_1', 'month', 'odd#key', 4), entity: 'aggregate', dimension: 'month', key: 'odd#key', shard: 4, fundId: 'fund_1', ...counts };
    expect(legacyCounterOf(interim)).toMatchObject({ kind: 'aggregate', dimension: 'month', rowKey: 'odd#key', delta: counts });
  });

  it('leaves a shard in the counters partition alone', () => {
    expect(legacyCounterOf({ ...keys.aggregate('fund_1', 'pcn', 'U11111', 0), entity: 'aggregate', dimension: 'pcn', key: 'U11111', shard: 0, fundId: 'fund_1', ...counts })).toBeUndefined();
    expect(legacyCounterOf({ ...keys.activityStats('act_1', 2), sent: 4 })).toBeUndefined();
  });

  it('takes every counter of a pre-sharding statistics item, waiting hours included', () => {
    expect(legacyCounterOf({ ...legacyKeys.activityStats('act_1'), sent: 4, accepted: 2, rh_3: 2 })).toEqual({
      kind: 'activityStats',
      key: legacyKeys.activityStats('act_1'),
      activityId: 'act_1',
      counters: { sent: 4, accepted: 2, rh_3: 2 },
    });
  });

  it('refuses an old item it cannot place rather than skip its figures', () => {
    expect(() => legacyCounterOf({ ...oldAggregate, dimension: 'region' })).toThrow(CorruptItemError);
    expect(() => legacyCounterOf({ ...oldAggregate, fundId: undefined })).toThrow(CorruptItemError);
    expect(() => legacyCounterOf({ ...legacyKeys.activityStats('act_1'), sent: 'four' })).toThrow(CorruptItemError);
  });
});

describe('Function: foldTransaction', () => {
  it('adds an aggregate to shard 0 with the attributes the writers set, and deletes the old item only while it exists and holds what was read', () => {
    // Act
    const parts = foldTransaction(TABLE, legacyCounterOf(oldAggregate)!);

    // Assess
    expect(parts).toHaveLength(2);
    const [add] = updates(parts);
    expect(add?.Key).toEqual(keys.aggregate('fund_1', 'pcn', 'U11111', 0));
    expect(add?.UpdateExpression).toContain('ADD acceptedReferrals :a, reservedPence :r, paidPence :p');
    expect(add?.ExpressionAttributeValues).toEqual({ ':a': 3, ':r': 7_501, ':p': 2_500, ':d': 'pcn', ':k': 'U11111', ':s': 0, ':e': 'aggregate', ':f': 'fund_1' });
    expect(parts[1]).toEqual({ name: 'legacy', item: { Delete: { TableName: TABLE, Key: legacyKeys.aggregate('fund_1', 'pcn', 'U11111'), ConditionExpression: 'attribute_exists(pk) AND acceptedReferrals = :a AND reservedPence = :r AND paidPence = :p', ExpressionAttributeValues: { ':a': 3, ':r': 7_501, ':p': 2_500 } } } });
  });

  it('adds every statistics counter exactly once, spreading an item with many waiting hours over further shards', () => {
    // Prepare: 6 statuses and 244 distinct hours.
    const counters: Record<string, number> = { sent: 900, accepted: 600, logged: 10, declined: 200, expired: 50, withdrawn: 40 };
    for (let hour = 0; hour < 244; hour += 1) counters[`rh_${hour}`] = hour + 1;

    // Act
    const adds = updates(foldTransaction(TABLE, legacyCounterOf({ ...legacyKeys.activityStats('act_1'), ...counters })!));

    // Assess: shards 0, 1 and 2, no counter twice, each with its own count.
    expect(adds.map((u) => u.Key)).toEqual([0, 1, 2].map((shard) => keys.activityStats('act_1', shard)));
    const added = adds.flatMap((u) => Object.entries(u.ExpressionAttributeNames ?? {}).map(([placeholder, name]) => [name, u.ExpressionAttributeValues?.[`:${placeholder.slice(1)}`]] as const));
    expect(added).toHaveLength(250);
    expect(Object.fromEntries(added)).toEqual(counters);
    expect(adds.every((u) => Object.keys(u.ExpressionAttributeNames ?? {}).length <= COUNTERS_PER_UPDATE)).toBe(true);
  });

  it('deletes a statistics item with no counters without an empty update', () => {
    expect(foldTransaction(TABLE, legacyCounterOf(legacyKeys.activityStats('act_1'))!)).toHaveLength(1);
  });

  it('refuses an item with more counters than one transaction can hold', () => {
    const counters = Object.fromEntries(Array.from({ length: WRITE_SHARDS * COUNTERS_PER_UPDATE + 1 }, (_, hour) => [`rh_${hour}`, 1]));
    expect(() => foldTransaction(TABLE, legacyCounterOf({ ...legacyKeys.activityStats('act_1'), ...counters })!)).toThrow(CorruptItemError);
  });
});
