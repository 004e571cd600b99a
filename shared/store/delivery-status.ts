// Notify's delivery status on delivery records: the unconfirmed index the hourly check walks, and undelivered e-mails.
//
//   sent ──▶ gsi1 NOTIF#UNCONFIRMED ──hourly check──▶ delivered: leaves the index, the address's last-delivered mark moves on
//                   │ (created, sending, pending:         └──▶ permanent-, temporary-, technical-failure:
//                   │  stays, checked again next hour)          gsi1 NOTIF#UNDELIVERED and gsi2 ORG#<org>#UNDELIVERED
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { translateStoreError, type Store } from './client.js';
import { deliveryKeys } from './keys-delivery.js';
import { notificationKeys } from './keys.js';
import { DELIVERY_RECORD_DAYS, deliveryKind, ttlAfterDays, type DeliveryRecord } from './notifications-sent.js';
import type { Page } from './pagination.js';
import { entity } from './entity.js';
import { batchGet, queryPage } from './query.js';

/**
 * Notify's email statuses after which nothing changes (its API documentation, "Get message status"):
 * `delivered` and these failures. Anything else (`created`, `sending`, `pending`) is asked about again.
 */
export const FAILED_STATUSES = ['permanent-failure', 'temporary-failure', 'technical-failure'] as const;
export type FailedStatus = (typeof FAILED_STATUSES)[number];

export const isFailedStatus = (status: string): status is FailedStatus => (FAILED_STATUSES as readonly string[]).includes(status);

/** The last message delivered to one of an organisation's addresses: when it was sent. */
const LAST_DELIVERED = 'notification_address_delivered';
const lastDeliveredKind = entity<{ email: string; lastSentAt: string }>(LAST_DELIVERED, z.looseObject({ email: z.string(), lastSentAt: z.string() }));

/** A record read from the unconfirmed or undelivered index: it has been sent, so it has these. */
export type SentRecord = DeliveryRecord & { readonly notifyId: string; readonly sentAt: string };

/**
 * Keeps Notify's status on the record and moves it between the indexes. Delivered: the address's
 * last-delivered mark first, so a crash in between leaves the record unconfirmed and the next check
 * does both again. Safe to repeat.
 */
export const recordDeliveryStatus = async (store: Store, record: DeliveryRecord, deliveryStatus: string, at: string): Promise<void> => {
  const sentAt = record.sentAt ?? at;
  const indexes = isFailedStatus(deliveryStatus) ? deliveryKeys.undeliveredIndexes(sentAt, record.reference, record.organisationId) : {};
  const leaves = deliveryStatus === 'delivered' ? deliveryKeys.deliveredLeaves : [];
  if (deliveryStatus === 'delivered' && record.organisationId) await markAddressDelivered(store, record.organisationId, record.email, sentAt);
  const set: Record<string, unknown> = { deliveryStatus, deliveryCheckedAt: at, ...indexes };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set).map(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removals = leaves.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: notificationKeys.delivery(record.reference),
        UpdateExpression: `SET ${assignments.join(', ')}${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    throw translateStoreError(error);
  }
};

/** The latest send time of a message delivered to the address; only ever moves forward. */
const markAddressDelivered = async (store: Store, organisationId: string, email: string, sentAt: string): Promise<void> => {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: deliveryKeys.lastDelivered(organisationId, email),
        UpdateExpression: 'SET #entity = :entity, email = :email, lastSentAt = :sentAt, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(lastSentAt) OR lastSentAt < :sentAt',
        ExpressionAttributeNames: { '#entity': 'entity', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':entity': LAST_DELIVERED, ':email': email, ':sentAt': sentAt, ':ttl': ttlAfterDays(sentAt, DELIVERY_RECORD_DAYS) },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw translateStoreError(error);
  }
};

/** When the last message delivered to each address was sent (absent: none known). An organisation has at most 20 addresses. */
export const lastDeliveredTimes = async (store: Store, organisationId: string, emails: readonly string[]): Promise<Map<string, string>> => {
  const found = await batchGet(store, lastDeliveredKind, [...new Set(emails)].map((email) => deliveryKeys.lastDelivered(organisationId, email)));
  return new Map([...found.values()].map((mark) => [mark.email, mark.lastSentAt]));
};

/** Messages sent since `fromAt` whose final status is not known yet, oldest first. */
export const unconfirmedSince = (store: Store, fromAt: string, limit: number, cursor?: string): Promise<Page<SentRecord>> =>
  queryPage(store, deliveryKind, deliveryKeys.unconfirmedSince(fromAt), limit, cursor) as Promise<Page<SentRecord>>;

/** Messages sent since `fromAt` that Notify could not deliver: one organisation's, or everyone's. */
export const undeliveredSince = (
  store: Store,
  scope: { organisationId: string } | 'all',
  fromAt: string,
  limit: number,
  cursor?: string,
  keep: (record: SentRecord) => boolean = () => true,
): Promise<Page<SentRecord>> =>
  queryPage(
    store,
    deliveryKind,
    deliveryKeys.undeliveredSince(scope, fromAt),
    limit,
    cursor,
    keep as (record: DeliveryRecord) => boolean,
  ) as Promise<Page<SentRecord>>;
