// Notification settings: an organisation's addresses and a fund's reminder days, each change audited.
import { AppError } from '../domain/errors.js';
import type { NotificationAddress, NotificationSettings } from '../notify/preferences.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { keys, notificationKeys } from './keys.js';
import { getItem } from './query.js';
import { TransactionConditionFailed, transactWrite } from './transact.js';

export interface SettingsChange {
  readonly at: string;
  readonly actor: string;
  readonly eventId: string;
}

/** Reminders before a referral expires, in days, when a fund has not chosen its own. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [3, 1];

export interface FundNotificationSettings {
  readonly fundId: string;
  readonly reminderDaysBefore: readonly number[];
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

type Head = { id: string; auditSeq: number; auditHash: string };

export const getNotificationSettings = async (store: Store, organisationId: string): Promise<NotificationSettings> => {
  const item = await getItem<NotificationSettings & Record<string, unknown>>(store, notificationKeys.settings(organisationId));
  return item ?? { organisationId, addresses: [], updatedAt: null, updatedBy: null };
};

export const getFundNotificationSettings = async (store: Store, fundId: string): Promise<FundNotificationSettings> => {
  const item = await getItem<FundNotificationSettings & Record<string, unknown>>(store, notificationKeys.fundSettings(fundId));
  return item ?? { fundId, reminderDaysBefore: DEFAULT_REMINDER_DAYS, updatedAt: null, updatedBy: null };
};

/**
 * Writes settings beside the owner's chain head and appends the change to its audit chain, in one
 * transaction conditioned on the head not having moved since it was read.
 */
const writeAudited = async (
  store: Store,
  head: { key: { pk: string; sk: string }; what: string },
  settings: { key: { pk: string; sk: string }; item: Record<string, unknown> },
  action: string,
  change: SettingsChange,
  data: Record<string, unknown>,
  fundId: string | null,
): Promise<void> => {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const owner = await getItem<Head & Record<string, unknown>>(store, head.key);
    if (!owner) throw new AppError('not_found', `No ${head.what}.`);
    const audit = auditWrite(store.tableName, owner, owner.id, { eventId: change.eventId, at: change.at, actor: change.actor, action, entityId: owner.id, fundId, data });
    try {
      await transactWrite(store, [
        {
          Update: {
            TableName: store.tableName,
            Key: head.key,
            UpdateExpression: 'SET auditSeq = :seq, auditHash = :hash',
            ConditionExpression: 'auditSeq = :prev',
            ExpressionAttributeValues: { ':seq': audit.headFields.auditSeq, ':hash': audit.headFields.auditHash, ':prev': audit.expectedSeq },
          },
        },
        { Put: { TableName: store.tableName, Item: { ...settings.key, entity: 'notification_settings', ...settings.item } } },
        { Put: audit.put },
      ]);
      return;
    } catch (error) {
      // The owner changed meanwhile (another event on its chain): read it again and append after it.
      if (!(error instanceof TransactionConditionFailed && error.failedAt(0))) throw error;
    }
  }
  throw new AppError('unavailable', `The ${head.what} kept changing; please try again.`);
};

export const putNotificationSettings = async (
  store: Store,
  organisationId: string,
  addresses: readonly NotificationAddress[],
  change: SettingsChange,
): Promise<NotificationSettings> => {
  const before = await getNotificationSettings(store, organisationId);
  const settings: NotificationSettings = { organisationId, addresses, updatedAt: change.at, updatedBy: change.actor };
  // The trail records who changed which address to receive what: staff mailboxes, never residents.
  await writeAudited(
    store,
    { key: keys.organisation(organisationId), what: `organisation ${organisationId}` },
    { key: notificationKeys.settings(organisationId), item: { ...settings } },
    'organisation.notification_settings_changed',
    change,
    { from: before.addresses, to: addresses },
    null,
  );
  return settings;
};

export const putFundNotificationSettings = async (
  store: Store,
  fundId: string,
  reminderDaysBefore: readonly number[],
  change: SettingsChange,
): Promise<FundNotificationSettings> => {
  const before = await getFundNotificationSettings(store, fundId);
  const settings: FundNotificationSettings = { fundId, reminderDaysBefore, updatedAt: change.at, updatedBy: change.actor };
  await writeAudited(
    store,
    { key: keys.fund(fundId), what: `fund ${fundId}` },
    { key: notificationKeys.fundSettings(fundId), item: { ...settings } },
    'fund.notification_settings_changed',
    change,
    { from: { reminderDaysBefore: before.reminderDaysBefore }, to: { reminderDaysBefore } },
    fundId,
  );
  return settings;
};
