// Delivery records (one per Notify reference, so a message is sent once) and reminder marks.
//
// A delivery record moves  (none) ──claim──▶ sending ──▶ sent | failed
//                                              ▲   │ lease ran out (a crash, a timeout)
//                                              └───┘ claimed again, after asking Notify by reference
// The claim is one conditional update: only one worker holds a reference at a time, and a worker
// that finds an earlier claim knows Notify may already have the message, so it looks it up first.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { translateStoreError, type Store } from './client.js';
import { decode, entity } from './entity.js';
import { deliveryKeys } from './keys-delivery.js';
import { notificationKeys } from './keys.js';

/** Delivery records outlive every redelivery (SQS keeps messages 14 days at most, and a redrive as long again). */
export const DELIVERY_RECORD_DAYS = 90;

export interface DeliveryRecord {
  readonly reference: string;
  readonly kind: string;
  readonly email: string;
  readonly status: 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly leaseUntil: string;
  readonly createdAt: string;
  readonly notifyId?: string;
  readonly sentAt?: string;
  readonly failure?: string;
  /** Notify's delivery status, when read back (delivered, permanent-failure, …). */
  readonly deliveryStatus?: string;
  /** The organisation whose address it went to; absent on records written before delivery checks. */
  readonly organisationId?: string;
}

export const deliveryKind = entity<DeliveryRecord>(
  'notification_delivery',
  z.looseObject({
    reference: z.string(),
    kind: z.string(),
    email: z.string(),
    status: z.enum(['sending', 'sent', 'failed']),
    attempts: z.number().int().positive(),
    leaseUntil: z.string(),
    createdAt: z.string(),
    notifyId: z.string().optional(),
    sentAt: z.string().optional(),
    failure: z.string().optional(),
    deliveryStatus: z.string().optional(),
    organisationId: z.string().optional(),
  }),
);

export type Claim =
  | { readonly outcome: 'claimed'; readonly earlierAttempt: boolean; readonly attempts: number }
  | { readonly outcome: 'done'; readonly record: DeliveryRecord }
  | { readonly outcome: 'busy'; readonly record: DeliveryRecord };

export const ttlAfterDays = (at: string, days: number) => Math.floor(Date.parse(at) / 1000) + days * 86_400;

export const claimDelivery = async (
  store: Store,
  input: { reference: string; kind: string; email: string; at: string; leaseMs: number; organisationId?: string },
): Promise<Claim> => {
  const leaseUntil = new Date(Date.parse(input.at) + input.leaseMs).toISOString();
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: notificationKeys.delivery(input.reference),
        UpdateExpression:
          'SET #status = :sending, #lease = :lease, #ref = :ref, #kind = :kind, #email = :email, #entity = :entity, ' +
          '#created = if_not_exists(#created, :at), #ttl = if_not_exists(#ttl, :ttl)' +
          (input.organisationId ? ', #org = :org' : '') +
          ' ADD #attempts :one',
        // New, or claimed before by a worker whose lease has run out.
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND #lease < :at)',
        // Every name aliased: several (reference, kind, ttl, status) are DynamoDB reserved words.
        ExpressionAttributeNames: {
          '#status': 'status', '#lease': 'leaseUntil', '#ref': 'reference', '#kind': 'kind', '#email': 'email',
          '#entity': 'entity', '#created': 'createdAt', '#ttl': 'ttl', '#attempts': 'attempts',
          ...(input.organisationId ? { '#org': 'organisationId' } : {}),
        },
        ExpressionAttributeValues: {
          ':sending': 'sending', ':lease': leaseUntil, ':ref': input.reference, ':kind': input.kind, ':email': input.email,
          ':entity': deliveryKind.kind, ':at': input.at, ':ttl': ttlAfterDays(input.at, DELIVERY_RECORD_DAYS), ':one': 1,
          ...(input.organisationId ? { ':org': input.organisationId } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const attempts = Number(Attributes?.attempts ?? 1);
    return { outcome: 'claimed', earlierAttempt: attempts > 1, attempts };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw translateStoreError(error);
  }
  const record = await getDelivery(store, input.reference);
  if (!record) return claimDelivery(store, input);
  return record.status === 'sending' ? { outcome: 'busy', record } : { outcome: 'done', record };
};

export const getDelivery = async (store: Store, reference: string): Promise<DeliveryRecord | undefined> => {
  try {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: notificationKeys.delivery(reference), ConsistentRead: true }));
    return Item ? decode(deliveryKind, Item) : undefined;
  } catch (error) {
    throw translateStoreError(error);
  }
};

const finish = async (store: Store, reference: string, set: Record<string, unknown>): Promise<void> => {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':sending': 'sending' };
  const parts = Object.entries(set).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: notificationKeys.delivery(reference),
        UpdateExpression: `SET ${parts.join(', ')}`,
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    // Another worker finished it first; what it recorded stands.
    if (error instanceof ConditionalCheckFailedException) return;
    throw translateStoreError(error);
  }
};

/** Sent: in the unconfirmed index until the hourly check reads a final status back from Notify. */
export const markDelivered = (store: Store, reference: string, notifyId: string, at: string) =>
  finish(store, reference, { status: 'sent', notifyId, sentAt: at, ...deliveryKeys.unconfirmedIndexes(at, reference) });

/** Notify refused the message for good (a 400): recorded, never retried. */
export const markUndeliverable = (store: Store, reference: string, failure: string, at: string) =>
  finish(store, reference, { status: 'failed', failure, failedAt: at });

/** A retryable failure: the lease ends now, so the next attempt may claim it at once. */
export const releaseDelivery = (store: Store, reference: string, at: string, failure: string) =>
  finish(store, reference, { leaseUntil: new Date(Date.parse(at) - 1).toISOString(), failure });

export const reminderQueued = async (store: Store, referralId: string, daysBefore: number): Promise<boolean> => {
  try {
    const { Item } = await store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: notificationKeys.reminder(referralId, daysBefore), ConsistentRead: true }),
    );
    return Item !== undefined;
  } catch (error) {
    throw translateStoreError(error);
  }
};

/** Marks a reminder queued, once; false when another run marked it first. */
export const markReminderQueued = async (store: Store, referralId: string, daysBefore: number, at: string): Promise<boolean> => {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...notificationKeys.reminder(referralId, daysBefore), entity: 'referral_reminder', referralId, daysBefore, queuedAt: at, ttl: ttlAfterDays(at, DELIVERY_RECORD_DAYS) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw translateStoreError(error);
  }
};
