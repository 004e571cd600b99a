// Agreement-period counters: how many acceptances each agreement has used in a period.
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keys } from './keys.js';
import { batchGet } from './query.js';

/** `used` for each agreement-period asked for, keyed `<agreementId>#<periodKey>` (absent means 0). */
export const readPeriodCounters = async (
  store: Store,
  wanted: readonly { agreementId: string; periodKey: string }[],
): Promise<Map<string, number>> => {
  const found = await batchGet(store, entities.periodCounter, wanted.map((w) => keys.periodCounter(w.agreementId, w.periodKey)));
  return new Map([...found.values()].map((item) => [`${item.agreementId}#${item.periodKey}`, item.used]));
};
