// Which share of a run one worker pays: every line belongs to one shard, fixed by its id, so shards never overlap.
import { shardOf as hashShard } from '../../shared/store/shards.js';

/** A share of a run: shard `index` of `of` (0 of 1 is the whole run). */
export interface Shard {
  readonly index: number;
  readonly of: number;
}

export const WHOLE: Shard = { index: 0, of: 1 };

/** Stable across processes and slices: the line id's hash, as the write shards use it, modulo the shard count. */
export const shardOf = (lineId: string, of: number): number => (of <= 1 ? 0 : hashShard(lineId, of));

export const inShard = (lineId: string, shard: Shard): boolean => shardOf(lineId, shard.of) === shard.index;
