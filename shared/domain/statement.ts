// An organisation's statement for one fund: what it has earned, what is held and why, what was paid
// (per transfer, with what it paid for) and what was reversed. Pure: the reads are done by the store.
//
// Every amount the fund owes the organisation is in exactly one state, so the position adds up:
//   earned (due, in payment, not yet due) + held + paid  =  the spend report's reserved + paid.
// Paid is net of reversals; a reversed amount is payable again as a new amount, so it is counted
// once more where it now stands (held, due, or paid in a later run).
import { canReceiveTransfers, type LineStatus, type OrganisationPayoutState, type RunStatus } from './payout-run.js';

export const HOLD_REASONS = ['no_stripe_account', 'transfers_not_active', 'in_draft_run', 'payment_failed'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const HOLD_DETAIL: Readonly<Record<HoldReason, string>> = {
  no_stripe_account: 'There is no Stripe account yet: start Stripe onboarding to be paid.',
  transfers_not_active: 'Stripe onboarding is not finished, so payouts are not enabled yet.',
  in_draft_run: 'In a payout run waiting for a second fund manager to approve it.',
  payment_failed: 'Stripe refused the transfer; a fund manager can retry it.',
};

export const AMOUNT_STATES = ['not_yet_due', 'due', 'held', 'in_payment', 'paid', 'reversed'] as const;
export type AmountState = (typeof AMOUNT_STATES)[number];

/** A payable amount as the store keeps it. */
export interface StatementPayable {
  readonly id: string;
  readonly fundId: string;
  readonly agreementId: string;
  readonly referralId: string | null;
  readonly periodKey?: string | undefined;
  readonly amountPence: number;
  readonly payableOn: string;
  readonly status: 'open' | 'in_run';
  readonly runId?: string | undefined;
  readonly lineId?: string | undefined;
  /** Set on an amount made payable again by a reversal of that line. */
  readonly reversalOf?: string | undefined;
}

export interface StatementLine {
  readonly id: string;
  readonly runId: string;
  readonly amountPence: number;
  readonly status: LineStatus;
  readonly stripeTransferId: string | null;
  readonly paidAt?: string | null | undefined;
  readonly reversedPence?: number | undefined;
  readonly reversedAt?: string | null | undefined;
  /** The connected account's payout that carried the transfer to the bank, named by `payout.paid`. */
  readonly stripePayoutId?: string | null | undefined;
  /** Its arrival date in the bank (a London date). */
  readonly payoutArrivalDate?: string | null | undefined;
}

/** What a treasurer recognises a referral by: the referrer's pseudonymous reference and when it was accepted. */
export interface StatementReferral {
  readonly clientRef: string;
  readonly acceptedAt: string | null;
}

export interface StatementInput {
  readonly fundId: string;
  readonly organisation: OrganisationPayoutState;
  readonly payables: readonly StatementPayable[];
  readonly lines: ReadonlyMap<string, StatementLine>;
  /** The referrals the payables pay for, by id; one missing is described by its id alone. */
  readonly referrals?: ReadonlyMap<string, StatementReferral> | undefined;
  readonly runs: ReadonlyMap<string, { readonly status: RunStatus }>;
  /** Today in London: amounts payable after it are earned but not yet due. */
  readonly today: string;
  /** London dates bounding the listed entries (inclusive); the position is always as at now. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** The London date of an instant. */
  readonly londonDate: (iso: string) => string;
}

interface Standing {
  readonly state: AmountState;
  readonly holdReason: HoldReason | null;
}

const openStanding = (p: StatementPayable, input: StatementInput): Standing => {
  if (p.payableOn > input.today) return { state: 'not_yet_due', holdReason: null };
  if (!canReceiveTransfers(input.organisation)) {
    return { state: 'held', holdReason: input.organisation.stripeAccountId ? 'transfers_not_active' : 'no_stripe_account' };
  }
  return { state: 'due', holdReason: null };
};

/**
 * Where a line stands. An amount locked to a run whose line is not written yet is still being
 * drafted; one in a run being discarded is on its way back to payable: both are held in the draft.
 */
const lineStanding = (line: StatementLine | undefined, runStatus: RunStatus | undefined): Standing => {
  const draft = runStatus === 'draft' || runStatus === 'discarded' || runStatus === undefined;
  if (!line || (line.status === 'pending' && draft)) return { state: 'held', holdReason: 'in_draft_run' };
  if (line.status === 'pending') return { state: 'in_payment', holdReason: null };
  if (line.status === 'failed') return { state: 'held', holdReason: 'payment_failed' };
  return { state: line.status === 'paid' ? 'paid' : 'reversed', holdReason: null };
};

const standingOf = (p: StatementPayable, input: StatementInput): Standing =>
  p.status === 'open' || !p.runId ? openStanding(p, input) : lineStanding(p.lineId ? input.lines.get(p.lineId) : undefined, input.runs.get(p.runId)?.status);

const inWindow = (date: string, input: StatementInput) => (!input.from || date >= input.from) && (!input.to || date <= input.to);

export interface StatementTotals {
  earnedPence: number;
  earnedDuePence: number;
  earnedInPaymentPence: number;
  earnedNotYetDuePence: number;
  heldPence: number;
  paidPence: number;
  reversedPence: number;
}

export const emptyTotals = (): StatementTotals => ({
  earnedPence: 0,
  earnedDuePence: 0,
  earnedInPaymentPence: 0,
  earnedNotYetDuePence: 0,
  heldPence: 0,
  paidPence: 0,
  reversedPence: 0,
});

export const addTotals = (a: StatementTotals, b: StatementTotals): StatementTotals => {
  const sum = emptyTotals();
  for (const key of Object.keys(sum) as (keyof StatementTotals)[]) sum[key] = a[key] + b[key];
  return sum;
};

const describe = (p: StatementPayable, standing: Standing, input: StatementInput) => ({
  payableId: p.id,
  kind: p.reversalOf ? ('returned' as const) : p.referralId ? ('referral' as const) : ('instalment' as const),
  referralId: p.referralId,
  clientRef: (p.referralId && input.referrals?.get(p.referralId)?.clientRef) || null,
  acceptedAt: (p.referralId && input.referrals?.get(p.referralId)?.acceptedAt) || null,
  agreementId: p.reversalOf ? null : p.agreementId,
  periodKey: p.periodKey ?? null,
  payableOn: p.payableOn,
  amountPence: p.amountPence,
  state: standing.state,
  holdReason: standing.holdReason,
  runId: p.runId ?? null,
});

/** One fund's statement for the organisation. */
export const fundStatement = (input: StatementInput) => {
  const totals = emptyTotals();
  const held = new Map<HoldReason, number>();
  const hold = (reason: HoldReason, amount: number) => {
    held.set(reason, (held.get(reason) ?? 0) + amount);
    totals.heldPence += amount;
  };
  const entries = input.payables.map((p) => ({ payable: p, standing: standingOf(p, input) }));

  // The position: open amounts one by one, amounts in runs through their line (one per run).
  for (const { payable, standing } of entries.filter((e) => e.payable.status === 'open' || !e.payable.runId)) {
    if (standing.state === 'not_yet_due') totals.earnedNotYetDuePence += payable.amountPence;
    else if (standing.state === 'due') totals.earnedDuePence += payable.amountPence;
    else if (standing.holdReason) hold(standing.holdReason, payable.amountPence);
  }
  const byLine = new Map<string, StatementPayable[]>();
  for (const { payable } of entries.filter((e) => e.payable.status === 'in_run' && e.payable.runId)) {
    const key = payable.lineId ?? `${payable.runId}#unwritten`;
    byLine.set(key, [...(byLine.get(key) ?? []), payable]);
  }
  const paid = [];
  const reversed = [];
  for (const [lineId, locked] of byLine) {
    const line = input.lines.get(lineId);
    const standing = lineStanding(line, input.runs.get(locked[0]!.runId!)?.status);
    const amount = line?.amountPence ?? locked.reduce((sum, p) => sum + p.amountPence, 0);
    if (standing.state === 'in_payment') totals.earnedInPaymentPence += amount;
    else if (standing.holdReason) hold(standing.holdReason, amount);
    if (!line || (line.status !== 'paid' && line.status !== 'reversed')) continue;
    const reversedPence = line.reversedPence ?? 0;
    totals.paidPence += line.amountPence - reversedPence;
    totals.reversedPence += reversedPence;
    if (line.paidAt && inWindow(input.londonDate(line.paidAt), input)) {
      paid.push({
        runId: line.runId,
        lineId: line.id,
        paidAt: line.paidAt,
        amountPence: line.amountPence,
        reversedPence,
        stripeTransferId: line.stripeTransferId,
        stripePayoutId: line.stripePayoutId ?? null,
        payoutArrivalDate: line.payoutArrivalDate ?? null,
        paidFor: locked.map((p) => describe(p, standing, input)).sort((a, b) => a.payableOn.localeCompare(b.payableOn) || a.payableId.localeCompare(b.payableId)),
      });
    }
    if (reversedPence > 0 && line.reversedAt && inWindow(input.londonDate(line.reversedAt), input)) {
      reversed.push({ runId: line.runId, lineId: line.id, reversedAt: line.reversedAt, amountPence: reversedPence, stripeTransferId: line.stripeTransferId });
    }
  }
  totals.earnedPence = totals.earnedDuePence + totals.earnedInPaymentPence + totals.earnedNotYetDuePence;

  const earned = entries
    .filter((e) => !e.payable.reversalOf && inWindow(e.payable.payableOn, input))
    .map((e) => describe(e.payable, e.standing, input))
    .sort((a, b) => a.payableOn.localeCompare(b.payableOn) || a.payableId.localeCompare(b.payableId));
  const returned = entries.filter((e) => e.payable.reversalOf && inWindow(e.payable.payableOn, input)).map((e) => describe(e.payable, e.standing, input));
  paid.sort((a, b) => a.paidAt.localeCompare(b.paidAt));
  reversed.sort((a, b) => a.reversedAt.localeCompare(b.reversedAt));
  return {
    fundId: input.fundId,
    totals,
    period: {
      earnedPence: earned.reduce((sum, e) => sum + e.amountPence, 0),
      paidPence: paid.reduce((sum, p) => sum + p.amountPence, 0),
      reversedPence: reversed.reduce((sum, r) => sum + r.amountPence, 0),
    },
    held: HOLD_REASONS.filter((r) => held.has(r)).map((reason) => ({ reason, detail: HOLD_DETAIL[reason], amountPence: held.get(reason)! })),
    earned,
    returned,
    paid,
    reversed,
  };
};

export type FundStatement = ReturnType<typeof fundStatement>;
