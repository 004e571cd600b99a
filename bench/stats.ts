// Timing helpers for the bench: percentiles, running work with a fixed concurrency, and overlapping intervals.

/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

/** Milliseconds `fn` took, with its result. */
export const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};

/** Runs `fn` over `items` with at most `concurrency` at once; returns each call's duration in ms. */
export const timedEach = async <T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<number[]> => {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        durations.push((await time(() => fn(item))).ms);
      }
    }),
  );
  return durations;
};

/** Total time covered by at least one interval: calls made in parallel are counted once, not twice. */
export const coveredMs = (intervals: readonly (readonly [number, number])[]): number => {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
};
