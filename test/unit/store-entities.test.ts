// Reading an item decodes it by its kind's codec: a missing or mistyped attribute is a named error, never a cast.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/client.js';
import { entities, itemOf } from '../../shared/store/entities.js';
import { CorruptItemError, decode } from '../../shared/store/entity.js';
import { keys } from '../../shared/store/keys.js';
import { getItem, queryAll } from '../../shared/store/query.js';

const fund = {
  id: 'fund_1',
  name: 'Health inequalities fund',
  managerOrganisationId: 'org_mva',
  totalPence: 30_000_000,
  availablePence: 29_000_000,
  reservedPence: 1_000_000,
  paidPence: 0,
  startsOn: '2026-04-01',
  endsOn: '2027-03-31',
  responseDeadlineDays: 14,
  createdAt: '2026-04-01T09:00:00.000Z',
  createdBy: 'user_1',
  auditSeq: 1,
  auditHash: 'a'.repeat(64),
};

/** A store whose table answers every read with `items` (no DynamoDB involved). */
const storeAnswering = (items: Record<string, unknown>[]): Store =>
  ({
    tableName: 'test',
    doc: { send: async () => ({ Item: items[0], Items: items }) },
  }) as unknown as Store;

describe('Function: decode', () => {
  it('gives back the item without its key and index attributes', () => {
    const read = decode(entities.fund, itemOf(entities.fund, fund));
    expect(read).toEqual(fund);
  });

  it('throws CorruptItemError naming the kind, the key and the missing attribute', () => {
    const { availablePence: _missing, ...damaged } = fund;
    const error = (() => {
      try {
        decode(entities.fund, itemOf(entities.fund, fund, damaged));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(CorruptItemError);
    expect(error).toMatchObject({ name: 'CorruptItemError', kind: 'fund', key: keys.fund('fund_1') });
    expect((error as CorruptItemError).message).toContain('availablePence');
  });

  it('throws CorruptItemError for a mistyped attribute (pence as text)', () => {
    expect(() => decode(entities.fund, itemOf(entities.fund, fund, { ...fund, paidPence: '0' }))).toThrow(/Corrupt fund item at FUND#fund_1 \/ #FUND: paidPence/);
  });

  it('refuses a referral whose status is not one the product knows', () => {
    expect(() => decode(entities.referral, { id: 'ref_1', status: 'lost' })).toThrow(CorruptItemError);
  });
});

describe('Function: getItem', () => {
  it('raises CorruptItemError when the item read has lost an attribute', async () => {
    const { auditHash: _lost, ...damaged } = fund;
    await expect(getItem(storeAnswering([itemOf(entities.fund, fund, damaged)]), entities.fund, keys.fund('fund_1'))).rejects.toThrow(CorruptItemError);
  });

  it('reads a whole item as its kind', async () => {
    await expect(getItem(storeAnswering([itemOf(entities.fund, fund)]), entities.fund, keys.fund('fund_1'))).resolves.toEqual(fund);
  });
});

describe('Function: queryAll', () => {
  it('raises CorruptItemError for a damaged item among good ones', async () => {
    const store = storeAnswering([itemOf(entities.fund, fund), itemOf(entities.fund, fund, { ...fund, id: 'fund_2', totalPence: 1.5 })]);
    await expect(queryAll(store, entities.fund, { KeyConditionExpression: 'pk = :pk' })).rejects.toThrow(/totalPence/);
  });
});
