// An organisation's Stripe connected account: linking it once, and applying what Stripe says of it.
import { AppError } from '../domain/errors.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { keys } from './keys.js';
import { getOrganisation } from './organisations.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

interface Change {
  readonly at: string;
  readonly actor: string;
  readonly eventId: string;
}

type OrgHead = { auditSeq: number; auditHash: string };

/** Records the connected account created for an organisation; a second, different account is refused. */
export const linkStripeAccount = async (store: Store, organisationId: string, accountId: string, change: Change): Promise<void> => {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const org = (await getOrganisation(store, organisationId)) as (Awaited<ReturnType<typeof getOrganisation>> & OrgHead) | undefined;
    if (!org) throw new AppError('not_found', `No organisation ${organisationId}.`);
    if (org.stripeAccountId === accountId) return;
    if (org.stripeAccountId) throw new AppError('invalid_transition', `Organisation ${organisationId} already has a Stripe account.`);
    const audit = auditWrite(store.tableName, org, org.id, {
      eventId: change.eventId,
      at: change.at,
      actor: change.actor,
      action: 'organisation.stripe_account_linked',
      entityId: org.id,
      data: { stripeAccountId: accountId },
    });
    try {
      await transactWrite(store, [
        {
          Update: {
            TableName: store.tableName,
            Key: keys.organisation(org.id),
            UpdateExpression: 'SET stripeAccountId = :acct, transfersCapability = :inactive, auditSeq = :seq, auditHash = :hash',
            ConditionExpression: 'auditSeq = :prev AND (attribute_not_exists(stripeAccountId) OR stripeAccountId = :none)',
            ExpressionAttributeValues: { ':acct': accountId, ':inactive': 'inactive', ':none': null, ':seq': audit.headFields.auditSeq, ':hash': audit.headFields.auditHash, ':prev': audit.expectedSeq },
          },
        },
        { Put: audit.put },
      ]);
      return;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
    }
  }
  throw new AppError('unavailable', 'The organisation kept changing; please try again.');
};

/**
 * Applies a connected account's current state (read fresh from Stripe, so events arriving out of
 * order cannot leave an older state behind), together with the record that this event was applied.
 * Returns false when the event had already been applied.
 */
export const applyAccountState = async (
  store: Store,
  organisationId: string,
  state: { accountId: string; payoutsEnabled: boolean; transfersCapability: string },
  change: Change & { stripeEventId: string },
): Promise<boolean> => {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const org = (await getOrganisation(store, organisationId)) as (Awaited<ReturnType<typeof getOrganisation>> & OrgHead) | undefined;
    if (!org || org.stripeAccountId !== state.accountId) return recordStripeEvent(store, change.stripeEventId, change.at, 'ignored: unknown account');
    const audit = auditWrite(store.tableName, org, org.id, {
      eventId: change.eventId,
      at: change.at,
      actor: change.actor,
      action: 'organisation.stripe_account_updated',
      entityId: org.id,
      data: {
        stripeEventId: change.stripeEventId,
        from: { payoutsEnabled: org.payoutsEnabled, transfersCapability: org.transfersCapability },
        to: { payoutsEnabled: state.payoutsEnabled, transfersCapability: state.transfersCapability },
      },
    });
    try {
      await transactWrite(store, [
        stripeEventPut(store, change.stripeEventId, change.at, 'applied'),
        {
          Update: {
            TableName: store.tableName,
            Key: keys.organisation(org.id),
            UpdateExpression: 'SET payoutsEnabled = :enabled, transfersCapability = :cap, auditSeq = :seq, auditHash = :hash',
            ConditionExpression: 'auditSeq = :prev',
            ExpressionAttributeValues: { ':enabled': state.payoutsEnabled, ':cap': state.transfersCapability, ':seq': audit.headFields.auditSeq, ':hash': audit.headFields.auditHash, ':prev': audit.expectedSeq },
          },
        },
        { Put: audit.put },
      ]);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedAt(0)) return false;
    }
  }
  throw new AppError('unavailable', 'The organisation kept changing; Stripe will retry the event.');
};

/** The dedupe record of a Stripe event: written once, in the same transaction as the event's effect. */
export const stripeEventPut = (store: Store, stripeEventId: string, at: string, outcome: string): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...keys.stripeEvent(stripeEventId), entity: 'stripe_event', id: stripeEventId, appliedAt: at, outcome },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Records an event that needs no change (ignored types), so a redelivery is recognised. */
export const recordStripeEvent = async (store: Store, stripeEventId: string, at: string, outcome: string): Promise<boolean> => {
  try {
    await transactWrite(store, [stripeEventPut(store, stripeEventId, at, outcome)]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
};
