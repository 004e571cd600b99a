// A table made before the referral lists: ensureTable gives it their indexes, and the backfill puts its referrals in them.
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIdFactory } from '../../shared/domain/ids.js';
import type { Referral } from '../../shared/domain/referral.js';
import { createStore, type Store } from '../../shared/store/client.js';
import { entities, itemOf } from '../../shared/store/entities.js';
import { backfillReferralLists } from '../../shared/store/referral-index-backfill.js';
import { listIndexedReferrals } from '../../shared/store/referral-index.js';
import { ensureTable, tableDefinition } from '../../shared/store/table.js';
import { assertLocalEndpoint } from '../support/local-table.js';

const LIST_ATTRIBUTES = ['gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk', 'gsi7pk', 'gsi7sk'];
const ids = createIdFactory();
let store: Store;

/** A referral as it was stored before the lists: its key and the first three indexes only. */
const oldReferral = (status: Referral['status'], at: Date) => {
  const referral: Referral = {
    id: ids('referral', at),
    activityId: 'act_old',
    organisationId: 'org_vcse',
    referrerOrganisationId: 'org_referrer',
    clientRef: 'OLD-1',
    source: 'gp',
    priorityGroup: null,
    pcnOdsCode: null,
    snomedCode: null,
    externalRef: null,
    status,
    outcome: null,
    declineReason: null,
    funding: status === 'accepted' ? { fundId: 'fund_old', agreementId: 'agr_old', agreementKind: 'per_referral', periodKey: '2025-10', tariffPence: 2_000 } : null,
    sentAt: at.toISOString(),
    respondBy: status === 'sent' ? '2025-10-20T09:00:00.000Z' : null,
    respondedAt: status === 'sent' ? null : at.toISOString(),
    acceptedAt: status === 'accepted' ? at.toISOString() : null,
    outcomeAt: null,
    createdBy: 'link-worker-1',
  };
  const item = itemOf(entities.referral, referral, { ...referral, auditSeq: 1, auditHash: 'h' });
  for (const name of LIST_ATTRIBUTES) delete item[name];
  return { referral, item };
};

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint');
  assertLocalEndpoint(endpoint);
  const tableName = `lists-backfill-${randomUUID().slice(0, 8)}`;
  store = createStore({ tableName, endpoint });
  const definition = tableDefinition(tableName);
  const before = definition.GlobalSecondaryIndexes.slice(0, 3);
  const attributes = definition.AttributeDefinitions.filter((a) => ['pk', 'sk', ...before.flatMap((g) => g.KeySchema.map((k) => k.AttributeName))].includes(a.AttributeName));
  await store.raw.send(new CreateTableCommand({ ...definition, AttributeDefinitions: attributes, GlobalSecondaryIndexes: before }));
});
afterAll(async () => {
  await store.raw.send(new DeleteTableCommand({ TableName: store.tableName }));
  store.raw.destroy();
});

describe('Function: backfillReferralLists', () => {
  it('gives a table made before the lists their indexes, puts its referrals in them, and does nothing the second time', async () => {
    // Prepare
    const older = [oldReferral('accepted', new Date('2025-10-01T09:00:00Z')), oldReferral('declined', new Date('2025-10-02T09:00:00Z')), oldReferral('sent', new Date('2025-10-03T09:00:00Z'))];
    for (const { item } of older) await store.doc.send(new PutCommand({ TableName: store.tableName, Item: item }));

    // Act
    expect(await ensureTable(store.raw, store.tableName)).toBe('indexes_added');
    const { Table } = await store.raw.send(new DescribeTableCommand({ TableName: store.tableName }));
    const first = await backfillReferralLists(store);
    const second = await backfillReferralLists(store);

    // Assess
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6', 'gsi7']);
    expect(first).toEqual({ referrals: 3, updated: 3 });
    expect(second).toEqual({ referrals: 3, updated: 0 });
    expect(await ensureTable(store.raw, store.tableName)).toBe('existed');
    const newestFirst = older.map((o) => o.referral.id).reverse();
    expect((await listIndexedReferrals(store, { by: 'all' }, {}, 10, undefined)).items.map((r) => r.id)).toEqual(newestFirst);
    expect((await listIndexedReferrals(store, { by: 'all' }, { status: 'declined' }, 10, undefined)).items.map((r) => r.id)).toEqual([older[1]!.referral.id]);
    expect((await listIndexedReferrals(store, { by: 'funds', fundIds: ['fund_old'] }, {}, 10, undefined)).items.map((r) => r.id)).toEqual([older[0]!.referral.id]);
    expect((await listIndexedReferrals(store, { by: 'all' }, { activityId: 'act_old' }, 10, undefined)).items.map((r) => r.id)).toEqual(newestFirst);
  });
});
