// Notification settings: an organisation's addresses and a fund's reminder days, each change audited.
import * as z from 'zod';
import { AppError } from '../domain/errors.js';
import type { NotificationAddress, NotificationSettings } from '../notify/preferences.js';
import { NOTIFICATION_KINDS } from '../notify/templates.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entity } from './entity.js';
import { getFund } from './funds.js';
import { keys, notificationKeys, type Key } from './keys.js';
import { getOrganisation } from './organisations.js';
import { getItem } from './query.js';
import { decideAgain, transactWrite } from './transact.js';

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

const changed = { updatedAt: z.string().nullable(), updatedBy: z.string().nullable() };

export const notificationSettingsKind = entity<NotificationSettings>(
  'notification_settings',
  z.looseObject({
    organisationId: z.string(),
    addresses: z.array(z.object({ email: z.string(), receives: z.array(z.enum(NOTIFICATION_KINDS)) })),
    ...changed,
  }),
);

export const fundNotificationSettingsKind = entity<FundNotificationSettings>(
  'fund_notification_settings',
  z.looseObject({ fundId: z.string(), reminderDaysBefore: z.array(z.number().int().positive()), ...changed }),
);

export const getNotificationSettings = async (store: Store, organisationId: string): Promise<NotificationSettings> =>
  (await getItem(store, notificationSettingsKind, notificationKeys.settings(organisationId))) ?? { organisationId, addresses: [], updatedAt: null, updatedBy: null };

export const getFundNotificationSettings = async (store: Store, fundId: string): Promise<FundNotificationSettings> =>
  (await getItem(store, fundNotificationSettingsKind, notificationKeys.fundSettings(fundId))) ?? {
    fundId,
    reminderDaysBefore: DEFAULT_REMINDER_DAYS,
    updatedAt: null,
    updatedBy: null,
  };

interface AuditedSettings {
  readonly what: string;
  /** The chain head the change is appended to (the organisation or the fund), as it stands now. */
  readonly readHead: () => Promise<{ id: string; auditSeq: number; auditHash: string } | undefined>;
  readonly headKey: Key;
  readonly item: { key: Key; kind: string; fields: object };
  readonly action: string;
  readonly data: Record<string, unknown>;
  readonly fundId: string | null;
}

/**
 * Writes settings beside the owner's chain head and appends the change to its audit chain, in one
 * transaction conditioned on the head not having moved since it was read (else read and write again).
 */
const writeAudited = (store: Store, change: SettingsChange, s: AuditedSettings): Promise<void> =>
  decideAgain(
    store,
    async () => {
      const head = await s.readHead();
      if (!head) throw new AppError('not_found', `No ${s.what}.`);
      const audit = auditWrite(store.tableName, head, head.id, {
        eventId: change.eventId,
        at: change.at,
        actor: change.actor,
        action: s.action,
        entityId: head.id,
        fundId: s.fundId,
        data: s.data,
      });
      await transactWrite(store, [
        auditedUpdate(store.tableName, s.headKey, audit),
        { Put: { TableName: store.tableName, Item: { ...s.item.key, entity: s.item.kind, ...s.item.fields } } },
        { Put: audit.put },
      ]);
    },
    `The ${s.what} kept changing; please try again.`,
  );

export const putNotificationSettings = async (
  store: Store,
  organisationId: string,
  addresses: readonly NotificationAddress[],
  change: SettingsChange,
): Promise<NotificationSettings> => {
  const before = await getNotificationSettings(store, organisationId);
  const settings: NotificationSettings = { organisationId, addresses, updatedAt: change.at, updatedBy: change.actor };
  // The trail records who changed which address to receive what: staff mailboxes, never residents.
  await writeAudited(store, change, {
    what: `organisation ${organisationId}`,
    readHead: () => getOrganisation(store, organisationId),
    headKey: keys.organisation(organisationId),
    item: { key: notificationKeys.settings(organisationId), kind: notificationSettingsKind.kind, fields: settings },
    action: 'organisation.notification_settings_changed',
    data: { from: before.addresses, to: addresses },
    fundId: null,
  });
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
  await writeAudited(store, change, {
    what: `fund ${fundId}`,
    readHead: () => getFund(store, fundId),
    headKey: keys.fund(fundId),
    item: { key: notificationKeys.fundSettings(fundId), kind: fundNotificationSettingsKind.kind, fields: settings },
    action: 'fund.notification_settings_changed',
    data: { from: { reminderDaysBefore: before.reminderDaysBefore }, to: { reminderDaysBefore } },
    fundId,
  });
  return settings;
};
