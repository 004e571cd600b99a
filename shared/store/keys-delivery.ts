// Keys of Notify delivery status: the unconfirmed and undelivered indexes on delivery records, and the last-delivered mark.
import { INDEX, indexAttributes } from './keys.js';

/**
 * Delivery status (the hourly check and undelivered e-mails). A delivery record sent to Notify sits in
 * gsi1 `NOTIF#UNCONFIRMED` until Notify gives a final status; a final failure moves it to gsi1
 * `NOTIF#UNDELIVERED` (every organisation's, for fund managers) and gsi2 `ORG#<org>#UNDELIVERED`
 * (its organisation's). A delivered one leaves both and updates its address's last-delivered mark.
 *
 *  delivery record        NOTIF#<reference>    #NOTIF      gsi1 NOTIF#UNCONFIRMED | NOTIF#UNDELIVERED / <sentAt>#<reference>   gsi2 ORG#<org>#UNDELIVERED / <sentAt>#<reference>
 *  last delivered mark    NOTIF#DELIVERED#<org>#<email>   #DELIVERED   (in the notifier's own NOTIF# partitions, as IAM allows it)
 */
const UNCONFIRMED = 'NOTIF#UNCONFIRMED';
const UNDELIVERED = 'NOTIF#UNDELIVERED';
const organisationUndelivered = (organisationId: string) => `ORG#${organisationId}#UNDELIVERED`;
const sortKey = (sentAt: string, reference: string) => `${sentAt}#${reference}`;

/** Records in one index partition sent at or after `fromAt`, oldest first. */
const sentSince = (index: 'gsi1' | 'gsi2', pk: string, fromAt: string) => ({
  IndexName: INDEX[index].name,
  KeyConditionExpression: `${INDEX[index].pk} = :pk AND ${INDEX[index].sk} >= :from`,
  ExpressionAttributeValues: { ':pk': pk, ':from': fromAt } as Record<string, unknown>,
});

export const deliveryKeys = {
  lastDelivered: (organisationId: string, email: string) => ({ pk: `NOTIF#DELIVERED#${organisationId}#${email}`, sk: '#DELIVERED' }),
  /** Sent: waiting for the hourly check to read a final status. */
  unconfirmedIndexes: (sentAt: string, reference: string) => indexAttributes({ gsi1: { pk: UNCONFIRMED, sk: sortKey(sentAt, reference) } }),
  /** A final failure: in everyone's list, and in its organisation's when the record names it. */
  undeliveredIndexes: (sentAt: string, reference: string, organisationId: string | undefined) =>
    indexAttributes({
      gsi1: { pk: UNDELIVERED, sk: sortKey(sentAt, reference) },
      ...(organisationId ? { gsi2: { pk: organisationUndelivered(organisationId), sk: sortKey(sentAt, reference) } } : {}),
    }),
  /** Delivered: out of every delivery index. */
  deliveredLeaves: [INDEX.gsi1.pk, INDEX.gsi1.sk, INDEX.gsi2.pk, INDEX.gsi2.sk] as readonly string[],
  unconfirmedSince: (fromAt: string) => sentSince('gsi1', UNCONFIRMED, fromAt),
  undeliveredSince: (scope: { organisationId: string } | 'all', fromAt: string) =>
    scope === 'all' ? sentSince('gsi1', UNDELIVERED, fromAt) : sentSince('gsi2', organisationUndelivered(scope.organisationId), fromAt),
} as const;
