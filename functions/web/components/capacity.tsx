// An agreement's capacity used this period, in words and as a meter (the words carry the meaning; the meter is a picture of them).
import type { Agreement } from '../api-types.js';
import { period } from '../format.js';

export const capacityUse = (a: Agreement) => {
  if (!a.currentPeriod) return 'Not running today';
  const { used, capacity } = a.currentPeriod;
  return capacity ? `${used} of ${capacity} used in ${period(a.currentPeriod.key)}` : `${used} in ${period(a.currentPeriod.key)}`;
};

export const CapacityMeter = ({ agreement: a }: { agreement: Agreement }) => (
  <>
    {capacityUse(a)}
    {a.currentPeriod?.capacity ? <meter class="pop-meter" min={0} max={a.currentPeriod.capacity} value={a.currentPeriod.used} aria-label={`Capacity used: ${capacityUse(a)}`}></meter> : null}
  </>
);
