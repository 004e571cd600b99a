// The single table: its key attributes, indexes and TTL, declared once for local setup and tests.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { deadlineIn, retry, RetriesExhausted, type Deadline } from '../retry/retry.js';
import { INDEX as GSI, TABLE_KEY as KEY, TTL_ATTRIBUTE } from './keys.js';

export { TTL_ATTRIBUTE };

/** Still creating: DescribeTable said something other than ACTIVE. */
class NotActiveYet extends Error {
  override readonly name = 'NotActiveYet';
}

export const tableDefinition = (tableName: string) => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [KEY.pk, KEY.sk, ...Object.values(GSI).flatMap((g) => [g.pk, g.sk])].map(
    (name) => ({ AttributeName: name, AttributeType: 'S' as const }),
  ),
  KeySchema: [
    { AttributeName: KEY.pk, KeyType: 'HASH' as const },
    { AttributeName: KEY.sk, KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: Object.values(GSI).map((g) => ({
    IndexName: g.name,
    KeySchema: [
      { AttributeName: g.pk, KeyType: 'HASH' as const },
      { AttributeName: g.sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  })),
});

/**
 * Creates the table if it is missing, or gives an existing one the indexes it lacks (a local table
 * made before the referral lists), and waits until it is active. Safe to call on every start.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string, deadline?: Deadline): Promise<'created' | 'existed' | 'indexes_added'> => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return (await addMissingIndexes(client, tableName, new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName)), deadline)) ? 'indexes_added' : 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  await untilActive(client, tableName, deadline);
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
  return 'created';
};

/** One UpdateTable per missing index (DynamoDB creates one at a time), each waited for. */
const addMissingIndexes = async (client: DynamoDBClient, tableName: string, present: ReadonlySet<string | undefined>, deadline?: Deadline): Promise<boolean> => {
  const definition = tableDefinition(tableName);
  const missing = definition.GlobalSecondaryIndexes.filter((index) => !present.has(index.IndexName));
  for (const index of missing) {
    const attributes = definition.AttributeDefinitions.filter((a) => index.KeySchema.some((k) => k.AttributeName === a.AttributeName));
    await client.send(new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: attributes, GlobalSecondaryIndexUpdates: [{ Create: index }] }));
    await untilActive(client, tableName, deadline);
  }
  return missing.length > 0;
};

/** How long a table or a new index may take to become ACTIVE when the caller gives no deadline (a busy DynamoDB Local builds an index slowly). */
const ACTIVE_WITHIN_MS = 120_000;

/** Waits until the table and each of its indexes are ACTIVE: rounds of the retry policy's polling, until the deadline. */
const untilActive = async (client: DynamoDBClient, tableName: string, deadline: Deadline = deadlineIn(ACTIVE_WITHIN_MS)): Promise<void> => {
  for (;;) {
    try {
      await retry(
        async () => {
          const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
          const status = [Table?.TableStatus, ...(Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexStatus)];
          if (status.some((s) => s !== 'ACTIVE')) throw new NotActiveYet(`Table ${tableName} is ${status.join(', ')}`);
        },
        { retryOn: (error) => error instanceof NotActiveYet, deadline },
      );
      return;
    } catch (error) {
      if (!(error instanceof RetriesExhausted)) throw error;
      if (error.reason === 'deadline' || Date.now() >= deadline.at) throw new Error(`Table ${tableName} did not become active in time.`, { cause: error });
    }
  }
};
