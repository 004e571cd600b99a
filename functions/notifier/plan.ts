// Who hears about what: from an audit event (or a due reminder) to the messages it calls for.
//
// Each message goes to the addresses an organisation chose for its kind; its Notify reference is
// `<event id>:<hashed address>` (or `remind:<referral>:<days>d:<hashed address>`), so the same event
// always yields the same references and a retry or a duplicate event is recognised as sent.
// Messages carry organisation names, activity names, dates, amounts and ids: never a resident's
// client reference, PCN, priority group or any other detail of the person referred.
import type { AuditEvent } from '../../shared/domain/audit.js';
import type { PayoutLine } from '../../shared/domain/payout-run.js';
import { recipientKey, recipientsFor } from '../../shared/notify/preferences.js';
import type { NotificationKind, Personalisation } from '../../shared/notify/templates.js';
import { formatDate, formatMoney } from '../../shared/domain/format.js';
import { days } from '../../shared/notify/wording.js';
import { getFund } from '../../shared/store/funds.js';
import { getNotificationSettings } from '../../shared/store/notifications.js';
import { getActivity, getOrganisation } from '../../shared/store/organisations.js';
import { getLine } from '../../shared/store/payout-lines.js';
import { getRun } from '../../shared/store/payout-run-item.js';
import { getReferral, type StoredReferral } from '../../shared/store/referrals.js';
import type { NotifierDeps } from './deps.js';
import type { NotificationJob } from './jobs.js';
import { bankPayout, buildRemittance, remittanceLists } from './remittance.js';

export interface PlannedMessage {
  readonly kind: NotificationKind;
  /** Whose address it goes to: the organisation shown its undelivered e-mails. */
  readonly organisationId: string;
  readonly email: string;
  readonly reference: string;
  readonly personalisation: Readonly<Record<string, string | readonly string[]>>;
}

type Without<K extends NotificationKind> = Omit<Personalisation<K>, 'organisation_name'>;

const addressedTo = async <K extends NotificationKind>(
  deps: NotifierDeps,
  kind: K,
  organisationId: string,
  referenceBase: string,
  personalisation: Without<K>,
): Promise<PlannedMessage[]> => {
  const [organisation, settings] = await Promise.all([getOrganisation(deps.store, organisationId), getNotificationSettings(deps.store, organisationId)]);
  if (!organisation) return [];
  return recipientsFor(settings, kind).map((email) => ({
    kind,
    organisationId,
    email,
    reference: `${referenceBase}:${recipientKey(email)}`,
    personalisation: { ...personalisation, organisation_name: organisation.name },
  }));
};

const nameOf = async (deps: NotifierDeps, organisationId: string) => (await getOrganisation(deps.store, organisationId))?.name ?? organisationId;
const activityName = async (deps: NotifierDeps, activityId: string) => (await getActivity(deps.store, activityId))?.name ?? 'an activity';
// Links open the web pages (which sign the person in and come back), never the JSON API: a browser carries no bearer token.
/** The provider answers a referral on its own page; the referrer follows it in the list of referrals sent. */
const referralLink = (deps: NotifierDeps, id: string, reader: 'provider' | 'referrer') => (reader === 'provider' ? `${deps.publicUrl}/referrals/${id}` : `${deps.publicUrl}/sent`);
const runLink = (deps: NotifierDeps, id: string) => `${deps.publicUrl}/runs/${id}`;

const aboutReferral = async (deps: NotifierDeps, referral: StoredReferral, reader: 'provider' | 'referrer') => ({
  activity_name: await activityName(deps, referral.activityId),
  referral_id: referral.id,
  referral_link: referralLink(deps, referral.id, reader),
});

const referralEvent = async (deps: NotifierDeps, event: AuditEvent): Promise<PlannedMessage[]> => {
  const referral = await getReferral(deps.store, event.entityId);
  if (!referral) return [];
  // Only referral.sent goes to the provider; the other events tell the referrer.
  const common = await aboutReferral(deps, referral, event.action === 'referral.sent' ? 'provider' : 'referrer');
  const respondBy = referral.respondBy ? formatDate(referral.respondBy) : 'no set date';
  const sentOn = formatDate(referral.sentAt);
  switch (event.action) {
    case 'referral.sent':
      return addressedTo(deps, 'referral_received', referral.organisationId, event.id, {
        ...common,
        referrer_name: await nameOf(deps, referral.referrerOrganisationId),
        respond_by: respondBy,
      });
    case 'referral.accepted':
      return addressedTo(deps, 'referral_accepted', referral.referrerOrganisationId, event.id, {
        ...common,
        provider_name: await nameOf(deps, referral.organisationId),
        sent_on: sentOn,
      });
    case 'referral.declined': {
      const to = (event.data.to ?? {}) as { declineReason?: string };
      return addressedTo(deps, 'referral_declined', referral.referrerOrganisationId, event.id, {
        ...common,
        provider_name: await nameOf(deps, referral.organisationId),
        sent_on: sentOn,
        decline_reason: to.declineReason ?? referral.declineReason ?? 'not given',
      });
    }
    case 'referral.expired':
      return addressedTo(deps, 'referral_expired', referral.referrerOrganisationId, event.id, {
        ...common,
        provider_name: await nameOf(deps, referral.organisationId),
        sent_on: sentOn,
        respond_by: respondBy,
      });
    default:
      // Withdrawn, logged as accepted elsewhere, outcomes: nobody needs telling.
      return [];
  }
};

const runEvent = async (deps: NotifierDeps, event: AuditEvent): Promise<PlannedMessage[]> => {
  const run = await getRun(deps.store, event.chainId);
  const fund = run && (await getFund(deps.store, run.fundId));
  if (!run || !fund) return [];
  if (event.action === 'payout_run.drafted') {
    const held = await Promise.all(run.held.map(async (h) => `${await nameOf(deps, h.organisationId)}: ${formatMoney(h.amountPence)} (${h.reason === 'no_stripe_account' ? 'no Stripe account yet' : 'Stripe payouts not enabled yet'})`));
    return addressedTo(deps, 'payout_run_awaiting_approval', fund.managerOrganisationId, event.id, {
      fund_name: fund.name,
      total: formatMoney(run.totalPence),
      line_count: String(run.progress.total),
      through: formatDate(run.through),
      held: held.length ? held : 'Nothing',
      run_id: run.id,
      run_link: runLink(deps, run.id),
    });
  }
  const line = (await getLine(deps.store, run.id, event.entityId)) as PayoutLine | undefined;
  if (!line) return [];
  if (event.action === 'payout_line.paid') {
    const transferId = String(event.data.stripeTransferId);
    const advice = await buildRemittance(deps.store, line, transferId);
    return addressedTo(deps, 'remittance_advice', line.organisationId, event.id, {
      fund_name: fund.name,
      amount: formatMoney(advice.totalPence),
      paid_on: formatDate(event.at),
      transfer_id: transferId,
      run_id: run.id,
      bank_payout: bankPayout(line),
      referral_count: String(advice.referrals.length),
      instalment_count: String(advice.instalments.length),
      ...remittanceLists(advice),
      // The web page, not the JSON: a treasurer follows it in a browser and signs in.
      statement_link: `${deps.publicUrl}/statement`,
    });
  }
  if (event.action === 'payout_line.failed' || event.action === 'payout_line.reversed') {
    const failed = event.action === 'payout_line.failed';
    return addressedTo(deps, 'payout_line_problem', fund.managerOrganisationId, event.id, {
      payee_name: await nameOf(deps, line.organisationId),
      fund_name: fund.name,
      amount: formatMoney(Number(event.data.amountPence ?? line.amountPence)),
      what: failed ? 'failed' : 'was reversed',
      detail: failed
        ? `Stripe refused the transfer (${String(event.data.failureCode ?? 'unknown')}). Fix the cause, then retry the run's failed lines.`
        : `Stripe transfer ${String(event.data.stripeTransferId ?? '')} was reversed; the amount is payable again in the next run.`,
      run_id: run.id,
      run_link: runLink(deps, run.id),
    });
  }
  return [];
};

/** A reminder only while the referral still waits for an answer and has not run out of time. */
const reminder = async (deps: NotifierDeps, referralId: string, daysBefore: number): Promise<PlannedMessage[]> => {
  const referral = await getReferral(deps.store, referralId);
  if (!referral || referral.status !== 'sent' || !referral.respondBy) return [];
  const left = Date.parse(referral.respondBy) - deps.clock().getTime();
  if (left <= 0) return [];
  return addressedTo(deps, 'referral_reminder', referral.organisationId, `remind:${referral.id}:${daysBefore}d`, {
    ...(await aboutReferral(deps, referral, 'provider')),
    referrer_name: await nameOf(deps, referral.referrerOrganisationId),
    respond_by: formatDate(referral.respondBy),
    days_left: days(Math.max(1, Math.ceil(left / 86_400_000))),
  });
};

export const planMessages = async (deps: NotifierDeps, job: NotificationJob): Promise<PlannedMessage[]> => {
  if (job.type === 'reminder') return reminder(deps, job.referralId, job.daysBefore);
  const { event } = job;
  if (event.action.startsWith('referral.')) return referralEvent(deps, event);
  if (event.action === 'payout_run.drafted' || event.action.startsWith('payout_line.')) return runEvent(deps, event);
  return [];
};
