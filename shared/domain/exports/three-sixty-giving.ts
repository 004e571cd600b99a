// Agreements as 360Giving Data Standard (1.4.3) grants: one grant per agreement, with its payments
// as disbursement transactions. Pure: the export time and the publisher prefix are arguments.
import type { Agreement } from '../agreement.js';
import { londonDate } from '../periods.js';
import type { AgreementPayment } from './agreement-payments.js';
import { organisationIdentifier, type IdentifiableOrganisation } from './org-identifier.js';
import { formatDateRange, formatMoney } from '../format.js';
import { poundsNumber } from './pounds.js';

/**
 * 360Giving's "Transfer to intermediary" regrant code. The issue asks for it on every grant the
 * fund manager makes, because the fund manager (e.g. MVA) is an intermediary re-granting NHS money.
 */
export const REGRANT_TYPE_INTERMEDIARY = 'FRG020';
const TITLE_MAX = 140;

export type GrantOrganisation = IdentifiableOrganisation & { readonly name: string };

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
 * reserved from the fund at that moment) and nothing beyond it has been promised.
 */
export const amountAwardedPence = (agreement: Pick<Agreement, 'kind' | 'amountPence' | 'tariffPence'>, acceptedReferrals: number): number =>
  agreement.kind === 'block' ? (agreement.amountPence ?? 0) : (agreement.tariffPence ?? 0) * acceptedReferrals;

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const describe = (input: GrantInput): string => {
  const { agreement: a, fund } = input;
  const scope = input.activityName ? `the activity "${input.activityName}"` : 'all of its activities';
  const cap = a.capacity === null ? '' : ` up to ${a.capacity} accepted referrals per ${a.period === 'agreement' ? 'agreement' : a.period}`;
  if (a.kind === 'block') {
    return `Block funding of ${formatMoney(a.amountPence ?? 0)} from ${fund.name} for social prescribing through ${scope}:${cap}, ${formatDateRange(a.startsOn, a.endsOn)}, paid in equal instalments.`;
  }
  return `${formatMoney(a.tariffPence ?? 0)} from ${fund.name} for each social-prescribing referral accepted through ${scope}${cap ? `,${cap}` : ''}, ${formatDateRange(a.startsOn, a.endsOn)}; ${input.acceptedReferrals} accepted so far.`;
};

export const grantFromAgreement = (input: GrantInput, context: GrantContext) => {
  const { agreement } = input;
  const funderId = organisationIdentifier(input.funder, context.prefix);
  const recipientId = organisationIdentifier(input.recipient, context.prefix);
  const disbursedPence = input.payments.reduce((sum, p) => sum + p.amountPence, 0);
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
    regrantType: REGRANT_TYPE_INTERMEDIARY,
    // 360Giving has no "payments" array: disbursements are Transactions, and amountDisbursed their sum.
    disbursementTransaction: input.payments.map((p) => ({
      id: p.transactionId,
      transactionDate: londonDate(new Date(p.paidAt)),
      currency: 'GBP',
      value: poundsNumber(p.amountPence),
      provider: funderId,
      recipient: recipientId,
      description: `Payout line ${p.lineId}`,
    })),
    dateModified: context.exportedAt,
  };
};

export type ThreeSixtyGivingGrant = ReturnType<typeof grantFromAgreement>;

/** A 360Giving data package: the grants, nothing else required. */
export const grantPackage = (grants: readonly ThreeSixtyGivingGrant[]) => ({ grants: [...grants] });
