// The last line of a deadline: stop waiting for a Stripe call at a fixed moment, whatever the SDK is still doing.
//
// The call's plan (call-budget.ts) already ends every attempt in time, but an attempt's timeout is
// socket inactivity, so a reply trickling in, or a list walking page after page, can outlast it.
// Past `stopAt` the caller gets `unavailable` (reason `timeout`, not definitive: Stripe may still
// act on what it was sent, which the idempotency key and the lookups before a retry cover). The SDK's
// request is left to end on its own; its answer is ignored.
import { deadlineStopped } from './errors.js';

export const beforeDeadline = <T>(call: Promise<T>, stopAt: number, operation: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlineStopped(operation)), Math.max(0, stopAt - Date.now()));
    // Never the reason a process stays up.
    timer.unref();
  });
  return Promise.race([call, stopped]).finally(() => clearTimeout(timer));
};
