import { describe, expect, it } from 'vitest';
import { RETRY_POLICY, RetriesExhausted, backoffMs, deadlineIn, retry } from '../../shared/retry/retry.js';

class Transient extends Error {}
const retryOn = (error: unknown) => error instanceof Transient;

const fakeClock = () => {
  let t = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
};

describe('Function: retry', () => {
  it('returns the first success and retries only what retryOn accepts', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Transient();
        return 'done';
      },
      { retryOn, now: clock.now, sleep: clock.sleep, random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(clock.waits).toEqual([backoffMs(1, 0.5), backoffMs(2, 0.5)]);
  });

  it('throws an error retryOn refuses at once, untouched', async () => {
    const refusal = new Error('condition failed');
    let calls = 0;
    await expect(
      retry(async () => {
        calls += 1;
        throw refusal;
      }, { retryOn }),
    ).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('gives up after the policy attempts with the last error as cause', async () => {
    const clock = fakeClock();
    let calls = 0;
    const last = new Transient('last');
    const error = await retry(
      async () => {
        calls += 1;
        throw calls === RETRY_POLICY.maxAttempts ? last : new Transient();
      },
      { retryOn, now: clock.now, sleep: clock.sleep },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).reason).toBe('attempts');
    expect((error as RetriesExhausted).cause).toBe(last);
    expect(calls).toBe(RETRY_POLICY.maxAttempts);
  });

  it('never waits past the caller deadline', async () => {
    const clock = fakeClock();
    let calls = 0;
    const error = await retry(
      async () => {
        calls += 1;
        throw new Transient();
      },
      { retryOn, deadline: deadlineIn(100, clock.now()), now: clock.now, sleep: clock.sleep, random: () => 0.99 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).reason).toBe('deadline');
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBeLessThan(100);
    expect(calls).toBeLessThan(RETRY_POLICY.maxAttempts);
  });

  it('keeps each wait within the capped exponential bound', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      expect(backoffMs(attempt, 0.999999)).toBeLessThan(Math.min(RETRY_POLICY.capMs, RETRY_POLICY.baseMs * 2 ** attempt));
      expect(backoffMs(attempt, 0)).toBe(0);
    }
  });
});
