// Agreements as listed: each with the use of its current period's capacity, read in one batch.
import type { Agreement } from '../../../shared/domain/agreement.js';
import { londonDate, periodKey } from '../../../shared/domain/periods.js';
import { readPeriodCounters } from '../../../shared/store/capacity.js';
import type { Store } from '../../../shared/store/client.js';
import { presentAgreement } from '../schemas/fund.js';

/** Agreements with `currentPeriod` filled for those running today (London), null for the others. */
export const presentWithCurrentPeriod = async (store: Store, agreements: readonly Agreement[], now: Date) => {
  const today = londonDate(now);
  const keysNow = agreements.map((a) => ({ agreementId: a.id, periodKey: periodKey(a.period, today, a.startsOn) }));
  const used = await readPeriodCounters(store, keysNow);
  return agreements.map((a, i) => {
    const key = keysNow[i]!.periodKey;
    const current = today >= a.startsOn && today <= a.endsOn ? { key, used: used.get(`${a.id}#${key}`) ?? 0 } : null;
    return presentAgreement(a, current);
  });
};
