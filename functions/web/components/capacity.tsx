// An agreement's capacity used this period, in words and as a meter (the words carry the meaning; the meter is a picture of them).
import type { Agreement } from '../api-types.js';
import { period } from '../format.js';

export const capacityUse = (a: Agreement) => {
  if (!a.currentPeriod) return 'Not running today';
  const { used, capacity } = a.currentPeriod;
  return capacity ? `${used} of ${capacity} used in ${period(a.currentPeriod.key)}` : `${used} in ${period(a.currentPeriod.key)}`;
};

/** One block (a phone's stacked table lays a cell's children side by side): the words, then the meter under them. */
export const CapacityMeter = ({ agreement: a, lead }: { agreement: Agreement; lead?: string }) => (
  <div class="pop-cell">
    {`${lead ?? ''}${capacityUse(a)}`}
    {a.currentPeriod?.capacity ? <meter class="pop-meter" min={0} max={a.currentPeriod.capacity} value={a.currentPeriod.used} aria-label={`Capacity used: ${capacityUse(a)}`}></meter> : null}
  </div>
);
