// The single table: its key attributes, indexes and TTL, declared once for local setup and tests.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { retry, RetriesExhausted, type Deadline } from '../retry/retry.js';
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

/** Creates the table if it is missing and waits until it is active. Safe to call on every start. */
export const ensureTable = async (client: DynamoDBClient, tableName: string, deadline?: Deadline): Promise<'created' | 'existed'> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  try {
    await retry(
      async () => {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        if (Table?.TableStatus !== 'ACTIVE') throw new NotActiveYet(`Table ${tableName} is ${Table?.TableStatus ?? 'unknown'}`);
      },
      { retryOn: (error) => error instanceof NotActiveYet, deadline },
    );
  } catch (error) {
    if (error instanceof RetriesExhausted) throw new Error(`Table ${tableName} did not become active in time.`, { cause: error });
    throw error;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
  return 'created';
};
