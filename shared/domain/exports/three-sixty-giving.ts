// Agreements as 360Giving Data Standard (1.4.3) grants: one grant per agreement, with its payments
// and reversals as disbursement transactions. Pure: the export time and the publisher prefix are
// arguments. The readings of the standard behind each field are in docs/opendata.md.
import type { Agreement } from '../agreement.js';
import type { OrganisationKind } from '../organisation.js';
import { londonDate, periodsBetween } from '../periods.js';
import type { AgreementPayment } from './agreement-payments.js';
import { organisationIdentifier, type IdentifiableOrganisation } from './org-identifier.js';
import { formatDateRange, formatMoney } from '../format.js';
import { poundsNumber } from './pounds.js';

/**
 * 360Giving's "Transfer to intermediary" regrant code: "a grant awarded to an intermediary … for
 * distribution as payment to organisation(s) for redistribution as grants to end recipients". It
 * describes a grant *to* an organisation that passes the money on, so it is set only when the
 * recipient itself manages funds; a fund manager's grants to the VCSE organisations that deliver
 * activities go to end recipients and carry no regrant type.
 */
export const REGRANT_TYPE_INTERMEDIARY = 'FRG020';
const TITLE_MAX = 140;

export type GrantOrganisation = IdentifiableOrganisation & { readonly name: string; readonly kind?: OrganisationKind };

/** The regrant code for a grant to `recipient`, or undefined for a grant to an end recipient. */
export const regrantTypeFor = (recipient: Pick<GrantOrganisation, 'kind'>): string | undefined =>
  recipient.kind === 'fund_manager' ? REGRANT_TYPE_INTERMEDIARY : undefined;

export interface GrantInput {
  readonly agreement: Agreement;
  readonly fund: { readonly id: string; readonly name: string };
  readonly funder: GrantOrganisation;
  readonly recipient: GrantOrganisation;
  /** The activity an agreement is limited to, if it is. */
  readonly activityName: string | null;
  /** Accepted referrals counted against the agreement so far (all periods). */
  readonly acceptedReferrals: number;
  readonly payments: readonly AgreementPayment[];
}

export interface GrantContext {
  /** The publisher's registered 360Giving prefix, e.g. 360G-mva (configuration: GRANT_ID_PREFIX). */
  readonly prefix: string;
  /** When the export was made: every grant's dateModified. */
  readonly exportedAt: string;
}

/**
 * What was awarded: a block agreement's fixed amount; for a per-referral agreement, the tariff
 * times the referrals accepted so far, since each acceptance is a firm commitment (the tariff is
 * reserved from the fund at that moment) and nothing beyond it has been promised. The planned
 * maximum, where there is one, is in the description.
 */
export const amountAwardedPence = (agreement: Pick<Agreement, 'kind' | 'amountPence' | 'tariffPence'>, acceptedReferrals: number): number =>
  agreement.kind === 'block' ? (agreement.amountPence ?? 0) : (agreement.tariffPence ?? 0) * acceptedReferrals;

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The most a per-referral agreement can earn: tariff × capacity × periods; null when uncapped. */
export const plannedMaximumPence = (agreement: Pick<Agreement, 'kind' | 'tariffPence' | 'capacity' | 'period' | 'startsOn' | 'endsOn'>): number | null => {
  if (agreement.kind !== 'per_referral' || agreement.capacity === null) return null;
  return (agreement.tariffPence ?? 0) * agreement.capacity * periodsBetween(agreement.period, agreement.startsOn, agreement.endsOn).length;
};

const describe = (input: GrantInput): string => {
  const { agreement: a, fund } = input;
  const scope = input.activityName ? `the activity "${input.activityName}"` : 'all of its activities';
  const cap = a.capacity === null ? '' : ` up to ${a.capacity} accepted referrals per ${a.period === 'agreement' ? 'agreement' : a.period}`;
  if (a.kind === 'block') {
    return `Block funding of ${formatMoney(a.amountPence ?? 0)} from ${fund.name} for social prescribing through ${scope}:${cap}, ${formatDateRange(a.startsOn, a.endsOn)}, paid in equal instalments.`;
  }
  const maximum = plannedMaximumPence(a);
  const planned = maximum === null ? 'no planned maximum' : `a planned maximum of ${formatMoney(maximum)}`;
  return `${formatMoney(a.tariffPence ?? 0)} from ${fund.name} for each social-prescribing referral accepted through ${scope}${cap ? `,${cap}` : ''}, ${formatDateRange(a.startsOn, a.endsOn)}, with ${planned}; ${input.acceptedReferrals} accepted so far, and the amount awarded is what those referrals earned.`;
};

export const grantFromAgreement = (input: GrantInput, context: GrantContext) => {
  const { agreement } = input;
  const funderId = organisationIdentifier(input.funder, context.prefix);
  const recipientId = organisationIdentifier(input.recipient, context.prefix);
  const disbursedPence = input.payments.reduce((sum, p) => sum + p.amountPence, 0);
  const regrantType = regrantTypeFor(input.recipient);
  const kind = agreement.kind === 'block' ? 'Block' : 'Per-referral';
  return {
    id: `${context.prefix}-${agreement.id}`,
    title: truncate(`${kind} social prescribing funding for ${input.recipient.name}${input.activityName ? `: ${input.activityName}` : ''}`, TITLE_MAX),
    description: describe(input),
    currency: 'GBP',
    amountAwarded: poundsNumber(amountAwardedPence(agreement, input.acceptedReferrals)),
    amountDisbursed: poundsNumber(disbursedPence),
    awardDate: londonDate(new Date(agreement.createdAt)),
    plannedDates: [{ startDate: agreement.startsOn, endDate: agreement.endsOn }],
    recipientOrganization: [
      {
        id: recipientId,
        name: input.recipient.name,
        ...(input.recipient.charityNumber ? { charityNumber: input.recipient.charityNumber } : {}),
        ...(input.recipient.companyNumber ? { companyNumber: input.recipient.companyNumber } : {}),
      },
    ],
    fundingOrganization: [{ id: funderId, name: input.funder.name }],
    grantProgramme: [{ code: input.fund.id, title: input.fund.name }],
    ...(regrantType ? { regrantType } : {}),
    // 360Giving has no "payments" array: disbursements are Transactions, and amountDisbursed their
    // sum, so a reversal is a negative disbursement and the sum is what the recipient kept.
    disbursementTransaction: input.payments.map((p) => ({
      id: p.transactionId,
      transactionDate: londonDate(new Date(p.paidAt)),
      currency: 'GBP',
      value: poundsNumber(p.amountPence),
      provider: funderId,
      recipient: recipientId,
      description: p.reversalOf ? `Reversal of transaction ${p.reversalOf} (payout line ${p.lineId})` : `Payout line ${p.lineId}`,
    })),
    dateModified: context.exportedAt,
  };
};

export type ThreeSixtyGivingGrant = ReturnType<typeof grantFromAgreement>;

/** A 360Giving data package: the grants, nothing else required. */
export const grantPackage = (grants: readonly ThreeSixtyGivingGrant[]) => ({ grants: [...grants] });
