// Write sharding: a counter that many writes touch is kept as a fixed number of items, each write
// adding to one of them (chosen by the id of what it counts), and read as their sum.
import { createHash } from 'node:crypto';

/**
 * Shards per counter. A DynamoDB item takes at most 1,000 write units a second and a transactional
 * write of a small item costs 2, so one item takes about 500 acceptances a second; the fund item
 * (the overspend guard, which must stay one item) is held to that already. Eight shards put each
 * report aggregate and activity's statistics at about 4,000 a second, well clear of the fund, while
 * keeping reads small: a report reads at most 8 items per row, the directory's largest page (200
 * activities) 1,600 statistics items in 16 batch reads sent together.
 */
export const WRITE_SHARDS = 8;

/** Every shard number, 0 to WRITE_SHARDS − 1. */
export const SHARDS: readonly number[] = Array.from({ length: WRITE_SHARDS }, (_, i) => i);

/**
 * The shard a write adds to, from the id of what it counts (a referral, a payout line, an agreement):
 * the same id always lands on the same shard, and ids spread evenly. Which shard a later correction
 * (a payment, a reversal) lands on does not matter for the sums, since reads add every shard; a
 * single shard may go below zero, the sum never does. `of` other than the write shards serves the
 * payout worker's shards of a run.
 */
export const shardOf = (id: string, of: number = WRITE_SHARDS): number => createHash('sha256').update(id).digest().readUInt32BE(0) % of;

/** Counters read from several shards, added name by name (a name missing from a shard counts 0). */
export const sumCounters = (shards: Iterable<Readonly<Record<string, number>>>): Record<string, number> => {
  const total: Record<string, number> = {};
  for (const shard of shards) for (const [name, n] of Object.entries(shard)) total[name] = (total[name] ?? 0) + n;
  return total;
};
