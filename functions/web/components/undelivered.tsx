// Warnings about e-mails GOV.UK Notify could not deliver: on the organisation's home page, and the fund managers' list of organisations.
import type { UndeliveredEmail } from '../api-types.js';
import { count, date } from '../format.js';
import { Warning } from './ui.js';

/** Where an organisation's member corrects its notification addresses. */
export const NOTIFICATION_SETTINGS_HREF = '/notification-settings';

const REASONS: Record<UndeliveredEmail['status'], string> = {
  'permanent-failure': 'the address does not exist or refused mail',
  'temporary-failure': 'the mailbox was full or not available',
  'technical-failure': 'of a fault at GOV.UK Notify',
};

interface AddressFailures {
  readonly email: string;
  readonly count: number;
  readonly lastSentAt: string;
  readonly status: UndeliveredEmail['status'];
}

/** One line per address, saying what happened to its latest failure. */
export const byAddress = (items: readonly UndeliveredEmail[]): AddressFailures[] => {
  const out = new Map<string, AddressFailures>();
  for (const item of items) {
    const seen = out.get(item.email);
    const latest = !seen || item.sentAt > seen.lastSentAt;
    out.set(item.email, {
      email: item.email,
      count: (seen?.count ?? 0) + 1,
      lastSentAt: latest ? item.sentAt : seen.lastSentAt,
      status: latest ? item.status : seen.status,
    });
  }
  return [...out.values()];
};

export const describeFailures = (f: AddressFailures): string =>
  `We could not deliver ${count(f.count, 'e-mail')} to ${f.email} because ${REASONS[f.status]} (the last on ${date(f.lastSentAt)}).`;

/** For the organisation's own people: which addresses bounced, and where to correct them. */
export const UndeliveredWarning = ({ items }: { items: readonly UndeliveredEmail[] }) =>
  items.length === 0 ? null : (
    <Warning heading="Some e-mails to your organisation did not arrive">
      <ul>
        {byAddress(items).map((f) => (
          <li>{describeFailures(f)}</li>
        ))}
      </ul>
      <p>
        Referrals, reminders and payment advice are sent to these addresses.{' '}
        {items.some((i) => i.status === 'permanent-failure') ? '' : 'This is usually brief, so they may arrive next time; if it keeps happening, '}
        <a href={NOTIFICATION_SETTINGS_HREF}>{items.some((i) => i.status === 'permanent-failure') ? 'Check your contact e-mail addresses' : 'check your contact e-mail addresses'}</a>.
      </p>
    </Warning>
  );

/** For fund managers: each organisation that cannot be reached, so they can tell it another way. */
export const UndeliveredByOrganisation = ({ items, names }: { items: readonly UndeliveredEmail[]; names: ReadonlyMap<string, string> }) => {
  if (items.length === 0) return null;
  const organisations = new Map<string, UndeliveredEmail[]>();
  for (const item of items) organisations.set(item.organisationId, [...(organisations.get(item.organisationId) ?? []), item]);
  return (
    <Warning heading={`E-mails to ${count(organisations.size, 'organisation')} did not arrive`}>
      <ul id="undelivered">
        {[...organisations].map(([organisationId, failures]) => (
          <li>
            <strong>{names.get(organisationId) ?? organisationId}</strong>: {byAddress(failures).map(describeFailures).join(' ')}
          </li>
        ))}
      </ul>
      <p>They may not be hearing about their referrals or payments. Tell them another way, and ask them to check their contact e-mail addresses.</p>
    </Warning>
  );
};
