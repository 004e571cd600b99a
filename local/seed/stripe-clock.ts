// Stripe's clock under `npm start`: the local sandbox's time, which the seed moves with its own while it makes history.
//
// The seed replays a hundred days on the API's clock; a sandbox on the wall clock would then record
// the run paid "ten days ago" as a transfer made today, not available for another 24 hours, so no
// payout could carry it. Moving the sandbox's clock too keeps Stripe's dates and ours in step.

/** A movable clock for the sandbox's `now` option: real time, or real time shifted to start at an instant. */
export interface StripeClock {
  /** Epoch milliseconds, as the sandbox reads them. */
  readonly now: () => number;
  /** From now on, time runs on from `instant`; undefined puts the clock back to real time. */
  readonly at: (instant: Date | undefined) => void;
}

export const stripeClock = (): StripeClock => {
  // An offset, not a frozen instant: the sandbox's rate limiter and idempotency windows need time to pass.
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    at: (instant) => void (offsetMs = instant ? instant.getTime() - Date.now() : 0),
  };
};
