// Undelivered e-mails: failures from the last 30 days still worth fixing, for an organisation or for everyone.
//
// A failure stops counting once its address is no longer in the organisation's notification settings
// (the address was corrected) or once a message sent later to the same address was delivered.
import type { Store } from './client.js';
import { isFailedStatus, lastDeliveredTimes, undeliveredSince, type FailedStatus, type SentRecord } from './delivery-status.js';
import { getNotificationSettings } from './notifications.js';
import type { Page } from './pagination.js';

export const UNDELIVERED_DAYS = 30;

export interface UndeliveredEmail {
  readonly organisationId: string;
  readonly email: string;
  readonly kind: string;
  readonly status: FailedStatus;
  readonly sentAt: string;
}

/** For one organisation: whether a failure to an address still stands. */
const stillStanding = async (store: Store, organisationId: string): Promise<(record: SentRecord) => boolean> => {
  const settings = await getNotificationSettings(store, organisationId);
  const current = new Set(settings.addresses.map((a) => a.email));
  const delivered = await lastDeliveredTimes(store, organisationId, [...current]);
  return (record) => current.has(record.email) && !((delivered.get(record.email) ?? '') > record.sentAt);
};

/** Only final failures are put in the undelivered indexes; anything else there is not one to show. */
const asUndelivered = (record: SentRecord, organisationId: string): UndeliveredEmail[] =>
  record.deliveryStatus && isFailedStatus(record.deliveryStatus)
    ? [{ organisationId, email: record.email, kind: record.kind, status: record.deliveryStatus, sentAt: record.sentAt }]
    : [];

export const undeliveredEmails = async (
  store: Store,
  scope: { organisationId: string } | 'all',
  now: Date,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<UndeliveredEmail>> => {
  const fromAt = new Date(now.getTime() - UNDELIVERED_DAYS * 86_400_000).toISOString();
  if (scope !== 'all') {
    const keep = await stillStanding(store, scope.organisationId);
    // Filtered while reading, so a page is full whenever there is more.
    const found = await undeliveredSince(store, scope, fromAt, page.limit, page.cursor, keep);
    return { items: found.items.flatMap((r) => asUndelivered(r, scope.organisationId)), nextCursor: found.nextCursor };
  }
  // Across organisations each one's settings decide: read a page, then judge it (a page may be short).
  const found = await undeliveredSince(store, 'all', fromAt, page.limit, page.cursor);
  const judges = new Map<string, (record: SentRecord) => boolean>();
  for (const organisationId of new Set(found.items.flatMap((r) => (r.organisationId ? [r.organisationId] : [])))) {
    judges.set(organisationId, await stillStanding(store, organisationId));
  }
  const items = found.items.filter((r) => r.organisationId && judges.get(r.organisationId)!(r)).flatMap((r) => asUndelivered(r, r.organisationId!));
  return { items, nextCursor: found.nextCursor };
};
