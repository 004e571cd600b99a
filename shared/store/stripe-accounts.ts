// An organisation's Stripe connected account: linking it once, and applying what Stripe says of it.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import { translateStoreError, type Store } from './client.js';
import { entities, itemOf } from './entities.js';
import { keys } from './keys.js';
import { getOrganisation } from './organisations.js';
import { decideAgain, named, TransactionConditionFailed, transactWrite, type NamedItem } from './transact.js';

interface Change {
  readonly at: string;
  readonly actor: string;
  readonly eventId: string;
}

/**
 * Records, before Stripe is asked for an organisation's connected account, that it is being asked,
 * keeping the first such time (`stripeAccountRequestedAt`, wall-clock epoch ms as an ISO string).
 * Returns the first request's time when an earlier request was recorded: that request may have
 * made an account whose id never reached us, so the caller looks for it before creating one.
 * A marker for recovery, not a change anyone audits: it moves no money and no state a user sees.
 */
export const recordAccountRequest = async (store: Store, organisationId: string, atMs: number): Promise<number | undefined> => {
  const at = new Date(atMs).toISOString();
  let stored: unknown;
  try {
    const result = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.organisation(organisationId),
        UpdateExpression: 'SET stripeAccountRequestedAt = if_not_exists(stripeAccountRequestedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    stored = result.Attributes?.stripeAccountRequestedAt;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new AppError('not_found', `No organisation ${organisationId}.`);
    throw translateStoreError(error);
  }
  return typeof stored === 'string' && stored !== at ? Date.parse(stored) : undefined;
};

/**
 * Records the connected account created for an organisation; a second, different account is refused.
 * `adopted`: found among Stripe's accounts after an unanswered request, rather than answered by it (the audit says so).
 */
export const linkStripeAccount = (store: Store, organisationId: string, accountId: string, change: Change & { adopted?: boolean }): Promise<void> =>
  decideAgain(
    store,
    async () => {
      const org = await getOrganisation(store, organisationId);
      if (!org) throw new AppError('not_found', `No organisation ${organisationId}.`);
      if (org.stripeAccountId === accountId) return;
      if (org.stripeAccountId) throw new AppError('invalid_transition', `Organisation ${organisationId} already has a Stripe account.`);
      const audit = auditWrite(store.tableName, org, org.id, {
        eventId: change.eventId,
        at: change.at,
        actor: change.actor,
        action: 'organisation.stripe_account_linked',
        entityId: org.id,
        data: { stripeAccountId: accountId, ...(change.adopted ? { adopted: true } : {}) },
      });
      await transactWrite(store, [
        auditedUpdate(store.tableName, keys.organisation(org.id), audit, {
          set: { stripeAccountId: accountId, transfersCapability: 'inactive' },
          condition: { expression: 'attribute_not_exists(stripeAccountId) OR stripeAccountId = :none', values: { ':none': null } },
        }),
        { Put: audit.put },
      ]);
    },
    'The organisation kept changing; please try again.',
  );

/**
 * Applies a connected account's current state (read fresh from Stripe, so events arriving out of
 * order cannot leave an older state behind), together with the record that this event was applied.
 * Returns false when the event had already been applied.
 */
export const applyAccountState = (
  store: Store,
  organisationId: string,
  state: { accountId: string; payoutsEnabled: boolean; transfersCapability: string },
  change: Change & { stripeEventId: string },
): Promise<boolean> =>
  decideAgain(
    store,
    async () => {
      const org = await getOrganisation(store, organisationId);
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
          auditedUpdate(store.tableName, keys.organisation(org.id), audit, {
            set: { payoutsEnabled: state.payoutsEnabled, transfersCapability: state.transfersCapability },
          }),
          { Put: audit.put },
        ]);
        return true;
      } catch (error) {
        // Applied already (a redelivery); any other refusal means the organisation moved: read it again.
        if (error instanceof TransactionConditionFailed && error.failed(STRIPE_EVENT_ITEM)) return false;
        throw error;
      }
    },
    'The organisation kept changing; Stripe will retry the event.',
  );

/** The name of the Stripe event record in a transaction: its condition failing means the event was applied before. */
export const STRIPE_EVENT_ITEM = 'stripeEvent';

/** The dedupe record of a Stripe event: written once, in the same transaction as the event's effect. */
export const stripeEventPut = (store: Store, stripeEventId: string, at: string, outcome: string): NamedItem =>
  named(STRIPE_EVENT_ITEM, {
    Put: {
      TableName: store.tableName,
      Item: itemOf(entities.stripeEvent, { id: stripeEventId }, { id: stripeEventId, appliedAt: at, outcome }),
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
