// Choosing the agreement that funds an acceptance: a guess with no reads, or a choice from consistent reads.
//
// Both only choose. What makes an acceptance safe is the write: the counter's condition (never past
// capacity) and the fund's (never below zero). A wrong guess is refused by those conditions and the
// acceptance then chooses again from consistent reads, so the answer is the one `choose` gives.
import { hasRoom, type Agreement } from '../domain/agreement.js';
import { AppError } from '../domain/errors.js';
import { periodKey } from '../domain/periods.js';
import { ACCEPTANCE_ITEM } from './acceptance-items.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keyId, keys } from './keys.js';
import { batchGet } from './query.js';
import { TransactionConditionFailed } from './transact.js';

export interface Choice {
  readonly agreement: Agreement;
  readonly periodKey: string;
}

/**
 * The first candidate in the contract's order, read nothing: in the common case it has room and its
 * fund covers the tariff, so the acceptance is one write after reading the referral and agreements.
 */
export const guessAgreement = (candidates: readonly Agreement[], date: string): Choice => {
  const agreement = candidates[0]!;
  return { agreement, periodKey: periodKey(agreement.period, date, agreement.startsOn) };
};

/**
 * The guess was refused by the counter's or the fund's condition alone: choose from reads. When the
 * referral moved as well (answered meanwhile, or a logged reference taken), read it again instead:
 * a second write from the same stale referral could only be refused again.
 */
export const guessRefused = (error: unknown): boolean =>
  error instanceof TransactionConditionFailed &&
  (error.failed(ACCEPTANCE_ITEM.counter) || error.failed(ACCEPTANCE_ITEM.fund)) &&
  !error.failed(ACCEPTANCE_ITEM.referral) &&
  !error.failed(ACCEPTANCE_ITEM.externalRefGuard);

/** The first candidate with room this period whose fund can cover its tariff, or the reason none can. */
export const chooseAgreement = async (store: Store, candidates: readonly Agreement[], date: string): Promise<Choice> => {
  const periods = candidates.map((a) => periodKey(a.period, date, a.startsOn));
  const counterKeys = candidates.map((a, i) => keys.periodCounter(a.id, periods[i]!));
  const fundIds = [...new Set(candidates.filter((a) => a.kind === 'per_referral').map((a) => a.fundId))];
  const [counters, funds] = await Promise.all([
    batchGet(store, entities.periodCounter, counterKeys),
    batchGet(store, entities.fund, fundIds.map((id) => keys.fund(id))),
  ]);
  let fundShort = false;
  for (const [i, agreement] of candidates.entries()) {
    if (!hasRoom(agreement, counters.get(keyId(counterKeys[i]!))?.used ?? 0)) continue;
    if (agreement.kind === 'per_referral') {
      const fund = funds.get(keyId(keys.fund(agreement.fundId)));
      if (!fund || fund.availablePence < (agreement.tariffPence ?? 0)) {
        fundShort = true;
        continue;
      }
    }
    return { agreement, periodKey: periods[i]! };
  }
  if (fundShort) throw new AppError('fund_exhausted', 'The fund cannot cover the tariff for this referral.');
  throw new AppError('capacity_exhausted', `Every agreement covering this activity is full for this period.`);
};
