// The ledger property's model: what acceptance should do across agreements and London periods, and
// the operations fast-check draws. Pure: no table, no clock but the days it is given.
import fc from 'fast-check';

// ---- The model ---------------------------------------------------------------------------------

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
export const londonDay = (instant: Date) => LONDON.format(instant);

export type Period = 'month' | 'quarter';
export const periodOf = (period: Period, day: string) => {
  const [year, month] = day.split('-') as [string, string];
  return period === 'month' ? `${year}-${month}` : `${year}-Q${Math.ceil(Number(month) / 3)}`;
};

export interface ModelAgreement {
  readonly name: string;
  readonly id: string;
  readonly kind: 'block' | 'per_referral';
  /** Index of the activity it covers, or null for all of the organisation's. */
  readonly activity: 0 | 1 | null;
  readonly capacity: number | null;
  readonly period: Period;
  readonly tariffPence: number;
  readonly amountPence: number;
  readonly startsOn: string;
  readonly endsOn: string;
}

export interface ModelReferral {
  readonly id: string;
  readonly activity: 0 | 1;
  readonly via: 'sent' | 'logged';
  status: 'sent' | 'accepted' | 'declined' | 'withdrawn';
  outcome: string | null;
  funding: { agreementId: string; periodKey: string } | null;
}

export interface Model {
  readonly totalPence: number;
  readonly agreements: readonly ModelAgreement[];
  readonly referrals: ModelReferral[];
  /** Accepted referrals per `<agreementId>#<periodKey>`. */
  readonly used: Map<string, number>;
  reservedPence: number;
}

const RANK = (a: ModelAgreement) => (a.kind === 'block' ? 0 : 2) + (a.activity === null ? 1 : 0);

/** What an acceptance on London day `day` should do: the contract's choice, or the refusal. */
export const predictAcceptance = (model: Model, activity: 0 | 1, day: string): { agreement: ModelAgreement; periodKey: string } | { code: string } => {
  const candidates = model.agreements
    .filter((a) => (a.activity === null || a.activity === activity) && day >= a.startsOn && day <= a.endsOn)
    .sort((a, b) => RANK(a) - RANK(b));
  if (candidates.length === 0) return { code: 'no_agreement' };
  let fundShort = false;
  for (const agreement of candidates) {
    const periodKey = periodOf(agreement.period, day);
    const used = model.used.get(`${agreement.id}#${periodKey}`) ?? 0;
    if (agreement.capacity !== null && used >= agreement.capacity) continue;
    if (agreement.kind === 'per_referral' && model.totalPence - model.reservedPence < agreement.tariffPence) {
      fundShort = true;
      continue;
    }
    return { agreement, periodKey };
  }
  return { code: fundShort ? 'fund_exhausted' : 'capacity_exhausted' };
};

export const fund = (model: Model, agreement: ModelAgreement, periodKey: string) => {
  const key = `${agreement.id}#${periodKey}`;
  model.used.set(key, (model.used.get(key) ?? 0) + 1);
  model.reservedPence += agreement.kind === 'per_referral' ? agreement.tariffPence : 0;
  return { agreementId: agreement.id, periodKey };
};

// ---- The operations ----------------------------------------------------------------------------

export type Op =
  | { readonly kind: 'send'; readonly activity: 0 | 1 }
  | { readonly kind: 'log'; readonly activity: 0 | 1; readonly hoursEarlier: number }
  | { readonly kind: 'accept' | 'decline' | 'withdraw'; readonly pick: number; readonly fresh: boolean }
  | { readonly kind: 'outcome'; readonly pick: number; readonly fresh: boolean; readonly outcome: 'attended' | 'completed' | 'did_not_attend' }
  | { readonly kind: 'advance'; readonly by: number };

const activityArb = fc.constantFrom<0 | 1>(0, 1);
const pickArb = fc.nat({ max: 40 });
/** Mostly aim at a referral the action suits (sent; accepted for outcomes), sometimes at any. */
const freshArb = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), activity: activityArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('log' as const), activity: activityArb, hoursEarlier: fc.constantFrom(0, 1, 20 * 24) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('accept' as const), pick: pickArb, fresh: freshArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decline' as const), pick: pickArb, fresh: freshArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick: pickArb, fresh: freshArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outcome' as const), pick: pickArb, fresh: freshArb, outcome: fc.constantFrom('attended' as const, 'completed' as const, 'did_not_attend' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), by: fc.integer({ min: 1, max: 3 }) }) },
);

export const setupArb = fc.record({
  activityBlockCapacity: fc.integer({ min: 1, max: 3 }),
  organisationBlockCapacity: fc.integer({ min: 1, max: 3 }),
  activityPerReferralCapacity: fc.integer({ min: 1, max: 3 }),
  organisationPerReferralCapacity: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
  /** What the fund has left once the block agreements are reserved: room for only a few tariffs. */
  roomPence: fc.constantFrom(0, 1_000, 2_500, 3_500, 6_000, 10_000),
  /** Where on the clock the run begins. */
  startAt: fc.integer({ min: 0, max: 5 }),
});
export type Setup = typeof setupArb extends fc.Arbitrary<infer T> ? T : never;
