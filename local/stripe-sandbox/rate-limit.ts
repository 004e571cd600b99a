// A token bucket standing in for Stripe's test-mode rate limiter (25 requests per second by default).
//
// The bucket holds up to `perSecond` tokens and refills continuously at `perSecond` tokens a second,
// so a burst of 25 passes and the 26th within the same instant gets a 429. Stripe's limiters run
// before its idempotency layer, so a limited request executes nothing and saves nothing.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = perSecond;
    this.last = now();
  }

  /** Takes one token; false means the request is over the limit. A limit of 0 or less disables limiting. */
  take(): boolean {
    if (!(this.perSecond > 0) || !Number.isFinite(this.perSecond)) return true;
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.perSecond, this.tokens + elapsedSeconds * this.perSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.last = this.now();
  }

  get rate(): number {
    return this.perSecond;
  }
}
