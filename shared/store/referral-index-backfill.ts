// Puts referrals written before the list indexes existed into them: a one-off for an existing table.
//
// One of the two Scans in shared/ and functions/ (the other folds the pre-sharding counters), and no function runs it (no function's IAM grant has dynamodb:Scan):
// an operator runs `npm run backfill:referral-lists`, and `npm start` runs it on a local table that
// has just been given the list indexes. Each referral is updated only while it is exactly as read
// (its audit sequence), and every write that changes a referral sets its lists itself, so a referral
// answered while the backfill runs keeps the lists its answer gave it.
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.js';
import { translateStoreError } from './client.js';
import { decode } from './entity.js';
import { entities } from './entities.js';
import { referralLists } from './keys-referral-lists.js';
import { keys } from './keys.js';

export interface BackfillResult {
  /** Referral items read. */
  readonly referrals: number;
  /** Those given their list attributes now. */
  readonly updated: number;
}

export const backfillReferralLists = async (store: Store): Promise<BackfillResult> => {
  let referrals = 0;
  let updated = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({ TableName: store.tableName, FilterExpression: 'entity = :referral', ExpressionAttributeValues: { ':referral': entities.referral.kind }, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      referrals += 1;
      const referral = decode(entities.referral, item);
      const lists = referralLists.indexes(referral);
      const missing = Object.entries(lists).filter(([name, value]) => item[name] !== value);
      if (missing.length === 0) continue;
      if (await setLists(store, referral.id, Number(item.auditSeq), missing)) updated += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { referrals, updated };
};

/** False when the referral changed since it was read: that write set its lists already. */
const setLists = async (store: Store, id: string, auditSeq: number, attributes: readonly [string, string][]): Promise<boolean> => {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.referral(id),
        UpdateExpression: `SET ${attributes.map((_, i) => `#l${i} = :l${i}`).join(', ')}`,
        ConditionExpression: 'auditSeq = :seq',
        ExpressionAttributeNames: Object.fromEntries(attributes.map(([name], i) => [`#l${i}`, name])),
        ExpressionAttributeValues: { ':seq': auditSeq, ...Object.fromEntries(attributes.map(([, value], i) => [`:l${i}`, value])) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw translateStoreError(error);
  }
};
