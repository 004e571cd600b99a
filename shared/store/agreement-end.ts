// Ending an agreement early, in one transaction: its new end, the block reservation it no longer needs
// back in the fund (with its ledger movement and report aggregates), and its audit event.
import type { Agreement } from '../domain/agreement.js';
import type { Ending } from '../domain/agreement-end.js';
import { AppError } from '../domain/errors.js';
import type { IdFactory } from '../domain/ids.js';
import { movement } from '../domain/ledger.js';
import { aggregateUpdate, blockReservationUpdates } from './aggregates.js';
import { shardOf } from './shards.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { accessPatterns, keys } from './keys.js';
import { movementItems } from './ledger-writes.js';
import { getItem, queryAll } from './query.js';
import { named, TransactionConditionFailed, transactWrite, type TransactPart } from './transact.js';

export type StoredAgreement = Agreement & { auditSeq: number; auditHash: string; endedAt?: string | null };

export const getAgreement = async (store: Store, id: string): Promise<StoredAgreement | undefined> =>
  (await getItem(store, entities.agreement, keys.agreement(id))) as StoredAgreement | undefined;

// Every open amount of a fund, whatever its date: the later instalments are filtered from these.
const ANY_DATE = '9999-12-31';

export const endAgreement = async (
  store: Store,
  agreement: StoredAgreement,
  ending: Ending,
  by: { actor: string; at: string; ids: IdFactory },
): Promise<StoredAgreement> => {
  const releasedPence = ending.released.reduce((sum, i) => sum + i.amountPence, 0);
  // The later instalments are still open (payable on days to come): find them by the open index.
  const pattern = accessPatterns.openPayablesThrough(agreement.fundId, ANY_DATE);
  const open = ending.released.length
    ? await queryAll(store, entities.payable, {
        ...pattern,
        FilterExpression: 'agreementId = :agr AND payableOn > :after AND attribute_type(referralId, :null)',
        ExpressionAttributeValues: { ...pattern.ExpressionAttributeValues, ':after': ending.endsOn, ':agr': agreement.id, ':null': 'NULL' },
      })
    : [];
  if (open.length !== ending.released.length) {
    throw new AppError('invalid_transition', `Some later instalments of agreement ${agreement.id} are already in a payout run; discard that draft first.`);
  }
  const at = new Date(by.at);
  const changes = { endsOn: ending.endsOn, amountPence: ending.amountPence, endedAt: by.at, endedBy: by.actor, originalEndsOn: agreement.endsOn, originalAmountPence: agreement.amountPence };
  const audit = auditWrite(store.tableName, agreement, agreement.id, {
    eventId: by.ids('event', at),
    at: by.at,
    actor: by.actor,
    action: 'agreement.ended',
    entityId: agreement.id,
    fundId: agreement.fundId,
    data: { ...changes, releasedPence },
  });
  const items: TransactPart[] = [
    // Exactly as read: not ended meanwhile, nobody else wrote to it.
    named(
      'agreement',
      auditedUpdate(store.tableName, keys.agreement(agreement.id), audit, {
        set: changes,
        condition: { expression: 'attribute_not_exists(endedAt)' },
      }),
    ),
    { Put: audit.put },
  ];
  if (releasedPence > 0) {
    const released = movement({ id: by.ids('ledger', at), fundId: agreement.fundId, kind: 'block_released', amountPence: releasedPence, at: by.at, refs: { agreementId: agreement.id } });
    items.push(...movementItems(store.tableName, released));
    for (const p of open) {
      items.push(
        // Still open: not locked into a run since we read it.
        named('instalment', { Delete: { TableName: store.tableName, Key: keys.payable(agreement.fundId, p.id), ConditionExpression: '#status = :open', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':open': 'open' } } }),
        aggregateUpdate(store.tableName, agreement.fundId, 'month', p.payableOn.slice(0, 7), { reservedPence: -p.amountPence }, shardOf(agreement.id)),
      );
    }
    items.push(...blockReservationUpdates(store.tableName, agreement, -releasedPence, shardOf(agreement.id)));
  }
  try {
    await transactWrite(store, items);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      throw new AppError('invalid_transition', `Agreement ${agreement.id} or its instalments changed while being ended; read it again.`, { cause: error });
    }
    throw error;
  }
  return { ...agreement, ...changes, ...audit.headFields };
};
