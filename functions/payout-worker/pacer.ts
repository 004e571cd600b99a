// Keeps Stripe calls under a rate (Stripe test mode allows 25 requests a second), shared by concurrent payers.
import type { Pacer } from '../runtime/payouts.js';

export const createPacer = (perSecond: number, now: () => number = Date.now): Pacer => {
  const interval = 1000 / perSecond;
  let nextSlot = 0;
  return {
    async next() {
      const t = now();
      const slot = Math.max(t, nextSlot);
      nextSlot = slot + interval;
      if (slot > t) await new Promise((resolve) => setTimeout(resolve, slot - t));
    },
  };
};
