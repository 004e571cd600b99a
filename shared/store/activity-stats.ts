// An activity's response statistics: counters kept write-sharded on its STATS#<shard> items, summed on read.
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keyId, keys } from './keys.js';
import { batchGet } from './query.js';
import { SHARDS, shardOf, sumCounters } from './shards.js';
import type { TransactItem } from './transact.js';

/**
 * The activity's statistics, counted as a referral is sent and answered, on the shard of that
 * referral: every acceptance of a popular activity no longer meets on one item.
 */
export const activityStatsUpdate = (
  tableName: string,
  activityId: string,
  referralId: string,
  counts: Readonly<Record<string, number>>,
  answeredAfterHours?: number,
): TransactItem => {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds: string[] = [];
  for (const [status, n] of Object.entries(counts)) {
    names[`#${status}`] = status;
    values[`:${status}`] = n;
    adds.push(`#${status} :${status}`);
  }
  if (answeredAfterHours !== undefined) {
    // One counter per whole hour waited: enough for an exact median to the hour, with no read first.
    names['#h'] = `rh_${answeredAfterHours}`;
    values[':h'] = 1;
    adds.push('#h :h');
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.activityStats(activityId, shardOf(referralId)),
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/** Batch reads of at most 100 keys each, sent together (a page of the directory is up to 1,600 keys). */
const BATCH = 100;

/** The STATS counters of each activity asked for, its shards summed, keyed by activity id (absent when never counted). */
export const readActivityStats = async (store: Store, activityIds: readonly string[]): Promise<Map<string, Record<string, number>>> => {
  const wanted = activityIds.flatMap((id) => SHARDS.map((shard) => keys.activityStats(id, shard)));
  const chunks = Array.from({ length: Math.ceil(wanted.length / BATCH) }, (_, i) => wanted.slice(i * BATCH, (i + 1) * BATCH));
  const found = new Map((await Promise.all(chunks.map((chunk) => batchGet(store, entities.activityStats, chunk)))).flatMap((m) => [...m]));
  return new Map(
    activityIds.flatMap((id) => {
      const shards = SHARDS.map((shard) => found.get(keyId(keys.activityStats(id, shard)))).filter((counters) => counters !== undefined);
      return shards.length > 0 ? [[id, sumCounters(shards)] as const] : [];
    }),
  );
};
