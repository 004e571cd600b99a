// The acceptance floor: the same transaction the API writes, built from the project's own item builders, sent once with the SDK.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Agreement } from '../shared/domain/agreement.js';
import type { IdFactory } from '../shared/domain/ids.js';
import { londonDate, periodKey } from '../shared/domain/periods.js';
import { responseHours, type Funding } from '../shared/domain/referral.js';
import {
  acceptanceAggregates,
  acceptanceDimensions,
  acceptedReferralUpdate,
  counterIncrement,
  tariffItems,
} from '../shared/store/acceptance-items.js';
import { auditWrite } from '../shared/store/audit-writes.js';
import type { Store } from '../shared/store/client.js';
import { activityStatsUpdate } from '../shared/store/activity-stats.js';
import type { StoredReferral } from '../shared/store/referrals.js';
import { named, type NamedItem } from '../shared/store/transact.js';

/**
 * Accept `before` (a sent referral, read beforehand and not timed) under `agreement`, item for item
 * as `acceptReferral` writes it: referral, counter, tariff (fund, ledger, payable), aggregates, audit
 * event, activity statistics. Only the choice of agreement is skipped: the floor knows it already.
 *
 * TODO(lead): if perf-accept exports the composed acceptance write (today `acceptanceItems` in
 * shared/store/acceptance.ts is private), build this from it instead, so the two can never differ.
 */
export const floorAcceptanceItems = (tableName: string, before: StoredReferral, agreement: Agreement, input: { at: string; actor: string; ids: IdFactory }): NamedItem[] => {
  const date = londonDate(new Date(input.at));
  const funding: Funding = {
    fundId: agreement.fundId,
    agreementId: agreement.id,
    agreementKind: agreement.kind,
    periodKey: periodKey(agreement.period, date, agreement.startsOn),
    tariffPence: agreement.kind === 'per_referral' ? (agreement.tariffPence ?? 0) : 0,
  };
  const accepted: StoredReferral = { ...before, status: 'accepted', acceptedAt: input.at, respondedAt: input.at, funding };
  const audit = auditWrite(tableName, before, accepted.id, {
    eventId: input.ids('event', new Date(input.at)),
    at: input.at,
    actor: input.actor,
    action: 'referral.accepted',
    entityId: accepted.id,
    fundId: funding.fundId,
    data: { from: 'sent', to: 'accepted', funding, acceptedAt: accepted.acceptedAt, externalRef: accepted.externalRef },
  });
  const dims = acceptanceDimensions(accepted, input.at);
  return [
    acceptedReferralUpdate(tableName, accepted, funding, audit),
    counterIncrement(tableName, agreement, funding.periodKey),
    ...(funding.tariffPence > 0 ? tariffItems(tableName, accepted, agreement, funding, dims, input) : []),
    ...acceptanceAggregates(tableName, accepted.id, funding, dims),
    named('auditEvent', { Put: audit.put }),
    named('activityStats', activityStatsUpdate(tableName, accepted.activityId, accepted.id, { accepted: 1 }, responseHours(before.sentAt, input.at))),
  ];
};

const conflicted = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'TransactionCanceledException' &&
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/**
 * One TransactWriteItems. A conflict with a concurrent transaction (only at 32 at once) wrote
 * nothing, so the floor sends it again at once: the least any correct client must do. Any other
 * refusal is a bench bug and stops the run. Returns how many conflicts it met.
 */
export const sendFloorTransaction = async (store: Store, items: readonly NamedItem[]): Promise<number> => {
  for (let conflicts = 0; ; conflicts += 1) {
    try {
      await store.doc.send(new TransactWriteCommand({ TransactItems: items.map((part) => part.item) }));
      return conflicts;
    } catch (error) {
      if (!conflicted(error) || conflicts >= 50) throw error;
    }
  }
};
