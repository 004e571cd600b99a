// Organisation notification addresses and what each receives; remittance advice cannot be turned off.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ALWAYS_SENT, NOTIFICATION_KINDS, type NotificationKind } from './templates.js';

export const MAX_ADDRESSES = 20;

/** Reminder days a fund may choose are 1 to this; the reminder job looks this far ahead. */
export const MAX_REMINDER_DAYS = 13;

export interface NotificationAddress {
  readonly email: string;
  /** Every kind this address receives, the always-sent ones included. */
  readonly receives: readonly NotificationKind[];
}

export interface NotificationSettings {
  readonly organisationId: string;
  readonly addresses: readonly NotificationAddress[];
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/**
 * A staff or shared mailbox address as GOV.UK Notify accepts it: one @, a dotted domain, no spaces,
 * at most 320 characters. Stored lower-case so the same mailbox is one recipient, however it was typed.
 */
export const EmailAddress = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email({ message: 'must be an email address such as referrals@example.org.uk' }))
  .transform((value) => value.toLowerCase());

export const AddressInput = z.strictObject({
  email: EmailAddress,
  /** Omitted: everything. Remittance advice is always included. */
  receives: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length).optional(),
});

export const SettingsInput = z.strictObject({
  addresses: z
    .array(AddressInput)
    .max(MAX_ADDRESSES)
    .refine((list) => new Set(list.map((a) => a.email)).size === list.length, { message: 'lists the same email address twice' }),
});
export type SettingsInput = z.infer<typeof SettingsInput>;

/** Settings as stored: each address's choices in a fixed order, with the always-sent kinds added. */
export const normaliseAddresses = (input: SettingsInput): NotificationAddress[] =>
  input.addresses.map((a) => {
    const chosen = new Set<NotificationKind>([...(a.receives ?? NOTIFICATION_KINDS), ...ALWAYS_SENT]);
    return { email: a.email, receives: NOTIFICATION_KINDS.filter((k) => chosen.has(k)) };
  });

/** The addresses that receive `kind`: those that chose it, and every address for kinds always sent. */
export const recipientsFor = (settings: Pick<NotificationSettings, 'addresses'> | undefined, kind: NotificationKind): string[] =>
  (settings?.addresses ?? []).filter((a) => ALWAYS_SENT.includes(kind) || a.receives.includes(kind)).map((a) => a.email);

/**
 * The recipient's part of a Notify reference. Notify asks that references carry no personal data, so
 * the address is hashed: stable for the same mailbox, and meaningless to anyone reading Notify's logs.
 */
export const recipientKey = (email: string): string => createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 20);
