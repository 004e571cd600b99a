// The arithmetic that bounds a Stripe call by its deadline: time left → the SDK's timeout and network retries, or a refusal unsent.
import Stripe from 'stripe';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beforeDeadline } from '../../shared/stripe/deadline-guard.js';
import { CALL_BUDGET, callBudget, sdkAttempts, sdkWaitMaxMs, worstCaseMs, type CallPlan } from '../../shared/stripe/call-budget.js';

/** What the gateway is built with (shared/stripe/gateway.ts defaults). */
const CONFIGURED: CallPlan = { timeoutMs: 20_000, maxNetworkRetries: 3 };
const NOW = 1_800_000_000_000;
const planFor = (remainingMs: number) => callBudget(NOW + remainingMs, NOW, CONFIGURED);

afterEach(() => vi.restoreAllMocks());

describe('Function: callBudget', () => {
  it('keeps the configured 20 s timeout and 3 retries when the deadline leaves room for all of them', () => {
    // 4 attempts of 20 s, waits of 0.5 + 0.5 + 1 s, and the 1 s margin.
    expect(planFor(83_000)).toMatchObject({ kind: 'go', timeoutMs: 20_000, maxNetworkRetries: 3 });
  });

  it('shortens attempts and gives up retries to fit the API request, the webhook and a payout slice', () => {
    // API outside Lambda: a 25 s budget.
    expect(planFor(25_000)).toMatchObject({ kind: 'go', timeoutMs: 5_500, maxNetworkRetries: 3 });
    // The webhook Lambda: 15 s less the 3 s Lambda margin.
    expect(planFor(12_000)).toMatchObject({ kind: 'go', timeoutMs: 5_250, maxNetworkRetries: 1 });
    // A payout line started just before its slice stops: 25 s of the Lambda left, less 3 s.
    expect(planFor(22_000)).toMatchObject({ kind: 'go', timeoutMs: 6_666, maxNetworkRetries: 2 });
  });

  it('refuses a call that could not give one attempt a second, and plans one just above that', () => {
    // Retries 0 still allows the SDK's one retry of a closed connection: 2 × 1 s + 0.5 s + the margin.
    expect(planFor(3_499)).toEqual({ kind: 'too_late', remainingMs: 3_499 });
    expect(planFor(3_500)).toMatchObject({ kind: 'go', timeoutMs: 1_000, maxNetworkRetries: 0 });
    expect(planFor(0)).toEqual({ kind: 'too_late', remainingMs: 0 });
    expect(planFor(-5_000)).toEqual({ kind: 'too_late', remainingMs: -5_000 });
  });

  it('ends every attempt and wait of its plan before the deadline less the margin, whatever the time left', () => {
    for (let remainingMs = 0; remainingMs <= 100_000; remainingMs += 37) {
      const budget = planFor(remainingMs);
      if (budget.kind === 'too_late') {
        expect(remainingMs).toBeLessThan(3_500);
        continue;
      }
      expect(budget.endsBy, `${remainingMs} ms left`).toBeLessThanOrEqual(NOW + remainingMs - CALL_BUDGET.marginMs);
      expect(Number.isInteger(budget.timeoutMs)).toBe(true);
      expect(budget.timeoutMs).toBeGreaterThanOrEqual(CALL_BUDGET.minAttemptMs);
      expect(budget.timeoutMs).toBeLessThanOrEqual(CONFIGURED.timeoutMs);
      expect(budget.maxNetworkRetries).toBeLessThanOrEqual(CONFIGURED.maxNetworkRetries);
    }
  });

  it('never plans more retries or a longer attempt than the gateway was configured with', () => {
    expect(callBudget(NOW + 60_000, NOW, { timeoutMs: 2_000, maxNetworkRetries: 1 })).toMatchObject({ kind: 'go', timeoutMs: 2_000, maxNetworkRetries: 1 });
    expect(callBudget(NOW + 60_000, NOW, { timeoutMs: 20_000, maxNetworkRetries: 0 })).toMatchObject({ kind: 'go', timeoutMs: 20_000, maxNetworkRetries: 0 });
  });
});

describe('Function: worstCaseMs', () => {
  it('counts the closed-connection retry the SDK makes even with retries set to 0', () => {
    expect(sdkAttempts(0)).toBe(2);
    expect(sdkAttempts(3)).toBe(4);
    expect(worstCaseMs({ timeoutMs: 1_000, maxNetworkRetries: 0 })).toBe(2_500);
    expect(worstCaseMs({ timeoutMs: 20_000, maxNetworkRetries: 3 })).toBe(82_000);
  });

  it('bounds the installed SDK’s own waits between retries, at their longest draw', () => {
    // The SDK's waits are its own code: if an upgrade lengthens them, this fails before a deadline is missed.
    const stripe = new Stripe('sk_test_unit', { telemetry: false }) as unknown as { _requestSender: { _getSleepTimeInMS(n: number): number } };
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    for (let n = 0; n < 8; n += 1) {
      const longest = stripe._requestSender._getSleepTimeInMS(n);
      expect(longest, `wait before retry ${n + 1}`).toBeLessThanOrEqual(sdkWaitMaxMs(n));
      expect(longest).toBeGreaterThan(sdkWaitMaxMs(n) * 0.99);
    }
  });
});

describe('Function: beforeDeadline', () => {
  it('stops waiting at the deadline with a retryable 503, and passes an answer given in time straight through', async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const never = new Promise<number>(() => undefined);
      const stopped = beforeDeadline(never, NOW + 500, 'transfers.list').catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(500);
      expect(await stopped).toMatchObject({ code: 'unavailable', reason: 'timeout', definitive: false });
      await expect(beforeDeadline(Promise.resolve(7), NOW + 10_000, 'balance.retrieve')).resolves.toBe(7);
      expect(vi.getTimerCount(), 'no timer left behind').toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
