// The simulation's in-memory model of the ledger: the fund's available, reserved and paid, each referral's
// state, and each organisation's earned, held and paid, with what each operation should do to them. Pure.

export interface SimOrganisation {
  readonly index: number;
  readonly tariffPence: number;
  /** Acceptances allowed this month; null for none. */
  readonly capacity: number | null;
  /** Whether it finished Stripe onboarding: amounts owed to one that did not are held. */
  readonly onboarded: boolean;
  used: number;
  /** Owed and payable (open, not yet in a run). */
  openPence: number;
  /** Locked to the open draft run. */
  draftPence: number;
  paidPence: number;
}

export type ReferralState = 'sent' | 'accepted' | 'declined' | 'expired';

export interface SimReferral {
  readonly id: string;
  readonly org: number;
  status: ReferralState;
}

export interface SimLine {
  readonly id: string;
  readonly org: number;
  readonly amountPence: number;
  reversedPence: number;
}

export interface SimModel {
  readonly totalPence: number;
  availablePence: number;
  reservedPence: number;
  paidPence: number;
  readonly organisations: SimOrganisation[];
  readonly referrals: SimReferral[];
  /** The open draft run, if any: its id and its lines' amounts by organisation. */
  draft: { id: string; lines: Map<number, number> } | null;
  readonly paidLines: SimLine[];
}

export const newModel = (totalPence: number, organisations: readonly Omit<SimOrganisation, 'used' | 'openPence' | 'draftPence' | 'paidPence'>[]): SimModel => ({
  totalPence,
  availablePence: totalPence,
  reservedPence: 0,
  paidPence: 0,
  organisations: organisations.map((o) => ({ ...o, used: 0, openPence: 0, draftPence: 0, paidPence: 0 })),
  referrals: [],
  draft: null,
  paidLines: [],
});

/** What accepting (or logging) a referral for `org` should answer: funded, or the refusal's code. */
export const predictAcceptance = (model: SimModel, org: number): 'funded' | 'capacity_exhausted' | 'fund_exhausted' => {
  const o = model.organisations[org]!;
  if (o.capacity !== null && o.used >= o.capacity) return 'capacity_exhausted';
  if (model.availablePence < o.tariffPence) return 'fund_exhausted';
  return 'funded';
};

/** A referral accepted (or logged) and funded: the tariff moves from available to reserved and is owed. */
export const fundAcceptance = (model: SimModel, org: number): void => {
  const o = model.organisations[org]!;
  o.used += 1;
  o.openPence += o.tariffPence;
  model.availablePence -= o.tariffPence;
  model.reservedPence += o.tariffPence;
};

/** A draft locks every open amount of each organisation that can be paid; the others stay held. */
export const draftRun = (model: SimModel, runId: string): Map<number, number> => {
  const lines = new Map<number, number>();
  for (const o of model.organisations) {
    if (!o.onboarded || o.openPence === 0) continue;
    lines.set(o.index, o.openPence);
    o.draftPence += o.openPence;
    o.openPence = 0;
  }
  model.draft = { id: runId, lines };
  return lines;
};

/** The draft approved and every line paid. */
export const payDraft = (model: SimModel, lineIds: ReadonlyMap<number, string>): void => {
  for (const [org, amount] of model.draft?.lines ?? []) {
    const o = model.organisations[org]!;
    o.draftPence -= amount;
    o.paidPence += amount;
    model.reservedPence -= amount;
    model.paidPence += amount;
    model.paidLines.push({ id: lineIds.get(org)!, org, amountPence: amount, reversedPence: 0 });
  }
  model.draft = null;
};

/** Stripe reversed part of a paid line: that much is unpaid and payable again. */
export const reverse = (model: SimModel, line: SimLine, amountPence: number): void => {
  const o = model.organisations[line.org]!;
  line.reversedPence += amountPence;
  o.paidPence -= amountPence;
  o.openPence += amountPence;
  model.paidPence -= amountPence;
  model.reservedPence += amountPence;
};

/** What an organisation's statement totals should read. */
export const statementOf = (o: SimOrganisation) => ({
  earnedPence: o.onboarded ? o.openPence : 0,
  heldPence: (o.onboarded ? 0 : o.openPence) + o.draftPence,
  paidPence: o.paidPence,
});
