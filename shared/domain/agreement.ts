// Agreements between a fund and a VCSE organisation, and which one an acceptance counts against.
import { splitEvenly, pence } from './money.js';
import { isWithin, periodsBetween, type PeriodKind } from './periods.js';

export const AGREEMENT_KINDS = ['block', 'per_referral'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export interface Agreement {
  readonly id: string;
  readonly fundId: string;
  readonly organisationId: string;
  readonly activityId: string | null;
  readonly kind: AgreementKind;
  /** Accepted referrals allowed per period; null means no cap (per-referral only). */
  readonly capacity: number | null;
  readonly period: PeriodKind;
  readonly tariffPence: number | null;
  readonly amountPence: number | null;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The contract's order: activity block, organisation block, activity per-referral, organisation per-referral. */
const rank = (a: Agreement): number => (a.kind === 'block' ? 0 : 2) + (a.activityId === null ? 1 : 0);

/** Agreements that could fund an acceptance of `activityId` on `date`, best first. */
export const candidateAgreements = (agreements: readonly Agreement[], activityId: string, date: string): Agreement[] =>
  agreements
    .filter((a) => (a.activityId === null || a.activityId === activityId) && isWithin(date, a.startsOn, a.endsOn))
    .sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));

export interface Instalment {
  readonly periodKey: string;
  readonly payableOn: string;
  readonly amountPence: number;
}

/** A block agreement's amount in equal instalments, one per period, payable from the period's start. */
export const blockInstalments = (agreement: Pick<Agreement, 'period' | 'startsOn' | 'endsOn' | 'amountPence'>): Instalment[] => {
  const periods = periodsBetween(agreement.period, agreement.startsOn, agreement.endsOn);
  const amounts = splitEvenly(pence(agreement.amountPence ?? 0), periods.length);
  return periods.map((p, i) => ({ periodKey: p.key, payableOn: p.startsOn, amountPence: amounts[i]! }));
};

export const hasRoom = (agreement: Pick<Agreement, 'capacity'>, used: number): boolean =>
  agreement.capacity === null || used < agreement.capacity;
