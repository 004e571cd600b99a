// The one retry policy: full-jitter exponential backoff, a fixed attempt limit, bounded by the caller's deadline.

/** When the caller must have an answer by (epoch milliseconds): a Lambda's remaining time or a request's budget. */
export interface Deadline {
  readonly at: number;
}

/** A deadline `ms` from `now` (for example `context.getRemainingTimeInMillis()` less a safety margin). */
export const deadlineIn = (ms: number, now: number = Date.now()): Deadline => ({ at: now + Math.max(0, ms) });

export const RETRY_POLICY = {
  /** Attempts in all, the first included. */
  maxAttempts: 10,
  /** The wait before attempt n+1 is uniform in [0, min(capMs, baseMs × 2^n)). */
  baseMs: 20,
  capMs: 1_000,
} as const;

export interface RetryOptions {
  /** Whether this error is worth another attempt (nothing was written, or the write is safe to repeat). */
  readonly retryOn: (error: unknown) => boolean;
  /** No attempt starts after this; a wait that would pass it is not taken and the last error is thrown. */
  readonly deadline?: Deadline | undefined;
  /** For tests: the clock and the sleep. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait after failed attempt `attempt` (1-based) for a random draw `r` in [0, 1). */
export const backoffMs = (attempt: number, r: number): number =>
  Math.floor(r * Math.min(RETRY_POLICY.capMs, RETRY_POLICY.baseMs * 2 ** attempt));

/** Thrown when the attempts or the deadline ran out; `cause` is the last error. */
export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(
    readonly attempts: number,
    readonly reason: 'attempts' | 'deadline',
    options: { cause: unknown },
  ) {
    super(`Gave up after ${attempts} attempt(s): ${reason === 'attempts' ? 'no attempts left' : 'the deadline would pass'}.`, options);
  }
}

/**
 * Runs `operation` until it succeeds, it throws an error `retryOn` refuses (thrown as it is), or the
 * attempts or deadline run out (RetriesExhausted, carrying the last error as its cause).
 */
export const retry = async <T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> => {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.retryOn(error)) throw error;
      if (attempt >= RETRY_POLICY.maxAttempts) throw new RetriesExhausted(attempt, 'attempts', { cause: error });
      const wait = backoffMs(attempt, random());
      if (options.deadline && now() + wait >= options.deadline.at) throw new RetriesExhausted(attempt, 'deadline', { cause: error });
      await sleep(wait);
    }
  }
};
