// The named items of the acceptance transaction, one builder each, in the order the write lists them.
import type { Agreement } from '../domain/agreement.js';
import type { AuditWrite } from './audit-writes.js';
import { auditedUpdate } from './audit-writes.js';
import type { IdFactory } from '../domain/ids.js';
import { movement } from '../domain/ledger.js';
import { londonDate, monthOf } from '../domain/periods.js';
import type { Funding } from '../domain/referral.js';
import { aggregateUpdates, NOT_RECORDED, type DimensionKeys } from './aggregates.js';
import { entities, itemOf } from './entities.js';
import { keys, leavesIndex } from './keys.js';
import { referralLists } from './keys-referral-lists.js';
import { movementItems } from './ledger-writes.js';
import { payablePut } from './payable-writes.js';
import { shardOf } from './shards.js';
import type { StoredReferral } from './referrals.js';
import { named, type NamedItem } from './transact.js';

/** The names the acceptance loop asks about when its write is refused. */
export const ACCEPTANCE_ITEM = {
  referral: 'referral',
  externalRefGuard: 'externalRefGuard',
  counter: 'counter',
  fund: 'fund',
} as const;

/** Accept: the referral leaves `sent` (and the awaiting-answer index) only if nobody answered or wrote it since it was read. */
export const acceptedReferralUpdate = (tableName: string, accepted: StoredReferral, funding: Funding, audit: AuditWrite): NamedItem =>
  named(
    ACCEPTANCE_ITEM.referral,
    auditedUpdate(tableName, keys.referral(accepted.id), audit, {
      set: { status: 'accepted', acceptedAt: accepted.acceptedAt, respondedAt: accepted.acceptedAt, funding, ...referralLists.indexes({ ...accepted, status: 'accepted', funding }) },
      remove: [leavesIndex.awaitingResponse],
      condition: { expression: '#status = :sent', names: { '#status': 'status' }, values: { ':sent': 'sent' } },
    }),
  );

/** Log: the referral is new, with its chain's first event. */
export const loggedReferralPut = (tableName: string, stored: StoredReferral): NamedItem =>
  named(ACCEPTANCE_ITEM.referral, {
    Put: { TableName: tableName, Item: itemOf(entities.referral, stored), ConditionExpression: 'attribute_not_exists(pk)' },
  });

/** Log: one logged referral per organisation and external reference; a second one fails this guard. */
export const externalRefGuardPut = (tableName: string, accepted: StoredReferral): NamedItem => {
  const guard = { organisationId: accepted.organisationId, externalRef: accepted.externalRef ?? '' };
  return named(ACCEPTANCE_ITEM.externalRefGuard, {
    Put: { TableName: tableName, Item: itemOf(entities.externalRef, guard, { referralId: accepted.id }), ConditionExpression: 'attribute_not_exists(pk)' },
  });
};

/** The agreement-period counter +1, never above capacity: the increment happens only while there is room. */
export const counterIncrement = (tableName: string, agreement: Agreement, periodKey: string): NamedItem => {
  const counter = { agreementId: agreement.id, periodKey, fundId: agreement.fundId };
  const indexes = entities.periodCounter.indexes(counter);
  const indexNames = Object.keys(indexes);
  return named(ACCEPTANCE_ITEM.counter, {
    Update: {
      TableName: tableName,
      Key: entities.periodCounter.key(counter),
      UpdateExpression: `SET #used = if_not_exists(#used, :zero) + :one, #capacity = :capacity, agreementId = :agreement, fundId = :fund, organisationId = :org, periodKey = :period, entity = :entity, ${indexNames.map((name, i) => `#i${i} = :i${i}`).join(', ')}`,
      ...(agreement.capacity !== null ? { ConditionExpression: 'attribute_not_exists(#used) OR #used < :capacity' } : {}),
      ExpressionAttributeNames: { '#used': 'used', '#capacity': 'capacity', ...Object.fromEntries(indexNames.map((name, i) => [`#i${i}`, name])) },
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':capacity': agreement.capacity,
        ':agreement': agreement.id,
        ':fund': agreement.fundId,
        ':org': agreement.organisationId,
        ':period': periodKey,
        ':entity': entities.periodCounter.kind,
        ...Object.fromEntries(indexNames.map((name, i) => [`:i${i}`, indexes[name]])),
      },
    },
  });
};

/** The report keys an acceptance counts under: organisation, London month, priority group, PCN. */
export const acceptanceDimensions = (accepted: StoredReferral, at: string): DimensionKeys => ({
  organisation: accepted.organisationId,
  month: monthOf(londonDate(new Date(accepted.acceptedAt ?? at))),
  priorityGroup: accepted.priorityGroup ?? NOT_RECORDED,
  pcn: accepted.pcnOdsCode ?? NOT_RECORDED,
});

/**
 * A per-referral tariff: the fund reserves it (never below zero: the fund update holds only while
 * available covers it), the ledger records it, and it becomes payable on the London acceptance date.
 */
export const tariffItems = (
  tableName: string,
  accepted: StoredReferral,
  agreement: Agreement,
  funding: Funding,
  dims: DimensionKeys,
  input: { at: string; ids: IdFactory },
): NamedItem[] => {
  const at = new Date(input.at);
  const reserved = movement({
    id: input.ids('ledger', at),
    fundId: funding.fundId,
    kind: 'tariff_reserved',
    amountPence: funding.tariffPence,
    at: input.at,
    refs: { referralId: accepted.id, agreementId: agreement.id },
  });
  const [fundUpdate, ledgerPut] = movementItems(tableName, reserved);
  const payable = payablePut(tableName, {
    id: input.ids('payable', at),
    fundId: funding.fundId,
    organisationId: accepted.organisationId,
    agreementId: agreement.id,
    referralId: accepted.id,
    amountPence: funding.tariffPence,
    payableOn: londonDate(new Date(accepted.acceptedAt ?? input.at)),
    periodKey: funding.periodKey,
    dims,
  });
  return [named(ACCEPTANCE_ITEM.fund, fundUpdate), named('ledger', ledgerPut), named('payable', payable)];
};

/** The four report aggregates: one more accepted referral, and the tariff reserved, on the referral's shard of each. */
export const acceptanceAggregates = (tableName: string, referralId: string, funding: Funding, dims: DimensionKeys): NamedItem[] =>
  aggregateUpdates(tableName, funding.fundId, dims, { acceptedReferrals: 1, reservedPence: funding.tariffPence }, shardOf(referralId)).map((item, i) =>
    named(`aggregate:${i}`, item),
  );
