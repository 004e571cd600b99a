// Funds and agreements: creation with their ledger movements, reservations and audit events.
import { blockInstalments, type Agreement } from '../domain/agreement.js';
import { EMPTY_CHAIN } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import { formatMoney } from '../domain/format.js';
import type { Fund } from '../domain/fund.js';
import { movement } from '../domain/ledger.js';
import { aggregateUpdate, BLOCK_FUNDED, blockReservationUpdates } from './aggregates.js';
import { shardOf } from './shards.js';
import { auditWrite } from './audit-writes.js';
import { movementItems } from './ledger-writes.js';
import type { Store } from './client.js';
import { entities, itemOf } from './entities.js';
import { accessPatterns, keys } from './keys.js';
import type { Actor } from './organisations.js';
import { payablePut } from './payable-writes.js';
import { getItem, queryAll, queryPage } from './query.js';
import { named, TransactionConditionFailed, transactWrite, type TransactPart } from './transact.js';
import type { IdFactory } from '../domain/ids.js';
import { monthOf } from '../domain/periods.js';

export type StoredFund = Fund & { auditSeq: number; auditHash: string; openRunId?: string | undefined };

export const putFund = async (store: Store, fund: Fund, by: Actor & { ids: IdFactory }): Promise<void> => {
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, fund.id, {
    eventId: by.eventId,
    at: fund.createdAt,
    actor: by.actor,
    action: 'fund.created',
    entityId: fund.id,
    fundId: fund.id,
    data: { name: fund.name, totalPence: fund.totalPence, startsOn: fund.startsOn, endsOn: fund.endsOn },
  });
  const funded = movement({
    id: by.ids('ledger', new Date(fund.createdAt)),
    fundId: fund.id,
    kind: 'fund_created',
    amountPence: fund.totalPence,
    at: fund.createdAt,
    refs: { fundId: fund.id },
  });
  await transactWrite(store, [
    {
      Put: {
        TableName: store.tableName,
        Item: itemOf(entities.fund, fund, { ...fund, ...audit.headFields }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: store.tableName, Item: itemOf(entities.movement, funded) } },
    { Put: audit.put },
  ]);
};

export const getFund = (store: Store, id: string): Promise<StoredFund | undefined> => getItem(store, entities.fund, keys.fund(id));

/** Block agreements span at most this many periods, so their creation fits one transaction. */
export const MAX_BLOCK_PERIODS = 36;

export const putAgreement = async (store: Store, agreement: Agreement, by: Actor & { ids: IdFactory }): Promise<void> => {
  const at = agreement.createdAt;
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, agreement.id, {
    eventId: by.eventId,
    at,
    actor: by.actor,
    action: 'agreement.created',
    entityId: agreement.id,
    fundId: agreement.fundId,
    data: { ...agreement },
  });
  const items: TransactPart[] = [
    {
      Put: {
        TableName: store.tableName,
        Item: itemOf(entities.agreement, agreement, { ...agreement, ...audit.headFields }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: audit.put },
  ];
  const amount = agreement.kind === 'block' ? (agreement.amountPence ?? 0) : 0;
  if (amount > 0) {
    const reserved = movement({
      id: by.ids('ledger', new Date(at)),
      fundId: agreement.fundId,
      kind: 'block_reserved',
      amountPence: amount,
      at,
      refs: { agreementId: agreement.id },
    });
    // The fund never goes below zero: the reservation happens only if it can be covered.
    const [fundUpdate, ledgerPut] = movementItems(store.tableName, reserved);
    items.push(named('fund', fundUpdate), ledgerPut);
    const instalments = blockInstalments(agreement);
    const dims = { organisation: agreement.organisationId, priorityGroup: BLOCK_FUNDED, pcn: BLOCK_FUNDED };
    for (const instalment of instalments) {
      const id = by.ids('payable', new Date(at));
      const month = monthOf(instalment.payableOn);
      items.push(
        payablePut(store.tableName, {
          id,
          fundId: agreement.fundId,
          organisationId: agreement.organisationId,
          agreementId: agreement.id,
          referralId: null,
          amountPence: instalment.amountPence,
          payableOn: instalment.payableOn,
          periodKey: instalment.periodKey,
          dims: { ...dims, month },
        }),
        // Month aggregates take each instalment in the month it becomes payable.
        aggregateUpdate(store.tableName, agreement.fundId, 'month', month, { reservedPence: instalment.amountPence }, shardOf(agreement.id)),
      );
    }
    items.push(...blockReservationUpdates(store.tableName, agreement, amount, shardOf(agreement.id)));
  } else {
    items.push(
      named('fund', { ConditionCheck: { TableName: store.tableName, Key: keys.fund(agreement.fundId), ConditionExpression: 'attribute_exists(pk)' } }),
    );
  }
  try {
    await transactWrite(store, items);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failed('fund')) {
      throw new AppError('fund_exhausted', `The fund cannot cover ${formatMoney(amount)} for this block agreement.`, { cause: error });
    }
    throw error;
  }
};

export const listFundAgreements = (store: Store, fundId: string, limit: number, cursor: string | undefined, organisationId?: string) => {
    const query = accessPatterns.fundAgreements(fundId);
    return queryPage(
      store,
      entities.agreement,
      {
        ...query,
        ...(organisationId ? { FilterExpression: 'organisationId = :org' } : {}),
        ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...(organisationId ? { ':org': organisationId } : {}) },
      },
      limit,
      cursor,
    );
  };

/** Every agreement of a VCSE organisation (a handful), read at acceptance to choose one. */
export const organisationAgreements = (store: Store, organisationId: string) =>
  queryAll(store, entities.agreement, accessPatterns.organisationAgreements(organisationId));

/** The ids of the funds an organisation manages. */
export const managedFundIds = async (store: Store, organisationId: string): Promise<string[]> =>
  (
    await queryAll(store, entities.fund, accessPatterns.managedFunds(organisationId))
  ).map((f) => f.id);
