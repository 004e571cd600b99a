// Agreement-period counters: how many acceptances each agreement has used in a period.
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { translateStoreError, type Store } from './client.js';
import { indexKeys, keys } from './keys.js';
import { queryPage } from './query.js';

/** `used` for each agreement-period asked for, keyed `<agreementId>#<periodKey>` (absent means 0). */
export const readPeriodCounters = async (
  store: Store,
  wanted: readonly { agreementId: string; periodKey: string }[],
): Promise<Map<string, number>> => {
  const used = new Map<string, number>();
  for (let i = 0; i < wanted.length; i += 100) {
    let pending: Record<string, unknown>[] = wanted.slice(i, i + 100).map((w) => keys.periodCounter(w.agreementId, w.periodKey));
    try {
      while (pending.length > 0) {
        const result = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending } } }));
        for (const item of result.Responses?.[store.tableName] ?? []) used.set(`${item.agreementId}#${item.periodKey}`, Number(item.used));
        pending = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
      }
    } catch (error) {
      throw translateStoreError(error);
    }
  }
  return used;
};

export interface CapacityRow {
  readonly agreementId: string;
  readonly organisationId: string;
  readonly periodKey: string;
  readonly capacity: number | null;
  readonly used: number;
}

/** Every agreement-period of a fund that has seen an acceptance, for the capacity report. */
export const listFundCapacity = (store: Store, fundId: string, limit: number, cursor: string | undefined) =>
  queryPage<CapacityRow & Record<string, unknown>>(
    store,
    { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': indexKeys.fundCapacity(fundId) } },
    limit,
    cursor,
  );
