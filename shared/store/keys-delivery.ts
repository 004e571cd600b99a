// Keys of Notify delivery status: the unconfirmed and undelivered indexes on delivery records, and the last-delivered mark.
import { INDEX } from './keys.js';

/**
 * Delivery status (the hourly check and undelivered e-mails). A delivery record sent to Notify sits in
 * gsi1 `NOTIF#UNCONFIRMED` until Notify gives a final status; a final failure moves it to gsi1
 * `NOTIF#UNDELIVERED` (every organisation's, for fund managers) and gsi2 `ORG#<org>#UNDELIVERED`
 * (its organisation's). A delivered one leaves both and updates its address's last-delivered mark.
 *
 *  delivery record        NOTIF#<reference>    #NOTIF      gsi1 NOTIF#UNCONFIRMED | NOTIF#UNDELIVERED / <sentAt>#<reference>   gsi2 ORG#<org>#UNDELIVERED / <sentAt>#<reference>
 *  last delivered mark    NOTIF#DELIVERED#<org>#<email>   #DELIVERED   (in the notifier's own NOTIF# partitions, as IAM allows it)
 */
export const deliveryKeys = {
  unconfirmed: () => 'NOTIF#UNCONFIRMED',
  undelivered: () => 'NOTIF#UNDELIVERED',
  organisationUndelivered: (organisationId: string) => `ORG#${organisationId}#UNDELIVERED`,
  sortKey: (sentAt: string, reference: string) => `${sentAt}#${reference}`,
  lastDelivered: (organisationId: string, email: string) => ({ pk: `NOTIF#DELIVERED#${organisationId}#${email}`, sk: '#DELIVERED' }),
  /** Records in one of the partitions above sent at or after `fromAt`, oldest first. */
  sentSince: (index: 'gsi1' | 'gsi2', pk: string, fromAt: string) => ({
    IndexName: INDEX[index].name,
    KeyConditionExpression: `${INDEX[index].pk} = :pk AND ${INDEX[index].sk} >= :from`,
    ExpressionAttributeValues: { ':pk': pk, ':from': fromAt } as Record<string, unknown>,
  }),
} as const;
