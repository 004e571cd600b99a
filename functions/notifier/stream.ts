// Locally, reads the table's DynamoDB stream (DynamoDB Local has one) and queues every new audit event.
//
// In AWS the same records reach the queue through EventBridge Pipes (see docs/notify.md). Here a
// poller walks each shard from its start, so a restart replays what is still in the stream; the
// delivery records make a replayed event send nothing twice.
import { DescribeTableCommand, UpdateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuditEvent } from '../../shared/domain/audit.js';
import { auditEventFromImage } from './jobs.js';

/** Turns the table's stream on (new images) if it is off, and returns its ARN. */
export const ensureStream = async (client: DynamoDBClient, tableName: string): Promise<string> => {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.StreamSpecification?.StreamEnabled && Table.LatestStreamArn) return Table.LatestStreamArn;
    if (attempt === 0) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`The stream of table ${tableName} did not start.`);
};

export interface StreamPoller {
  stop(): Promise<void>;
}

export const startStreamPoller = (options: {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  onEvent: (event: AuditEvent) => Promise<void>;
  logger: Logger;
  intervalMs?: number;
}): StreamPoller => {
  const iterators = new Map<string, string | null>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;

  /** Every shard of the stream (DescribeStream answers 100 at a time). */
  const shards = async (): Promise<string[]> => {
    const ids: string[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await options.streams.send(new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId: start }));
      for (const shard of StreamDescription?.Shards ?? []) ids.push(shard.ShardId!);
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return ids;
  };

  const fromStart = async (shardId: string) =>
    (await options.streams.send(new GetShardIteratorCommand({ StreamArn: options.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' })))
      .ShardIterator ?? null;

  const poll = async () => {
    for (const id of await shards()) if (!iterators.has(id)) iterators.set(id, await fromStart(id));
    for (const [id, iterator] of iterators) {
      // A closed shard's last iterator is null: everything in it has been read.
      if (!iterator || stopped) continue;
      let page;
      try {
        page = await options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      } catch (error) {
        // An iterator that expired (15 minutes) or points at records trimmed away: start the shard
        // again from its oldest record. What is read twice is queued twice and sent once.
        if (error instanceof Error && (error.name === 'TrimmedDataAccessException' || error.name === 'ExpiredIteratorException')) {
          options.logger.warn('stream iterator no longer valid; reading the shard from its start', { shardId: id, reason: error.name });
          iterators.set(id, await fromStart(id));
          continue;
        }
        throw error;
      }
      for (const record of page.Records ?? []) {
        if (record.eventName !== 'INSERT') continue;
        const event = auditEventFromImage(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
        // Queued before the iterator moves on: a failure here reads the same records again.
        if (event) await options.onEvent(event);
      }
      iterators.set(id, page.NextShardIterator ?? null);
    }
  };

  const loop = () => {
    if (stopped) return;
    pass = poll()
      .catch((error: unknown) => options.logger.error('reading the table stream failed; trying again', { error }))
      .finally(() => {
        pass = undefined;
        if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 250);
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await pass;
    },
  };
};

export const createStreamsClient = (options: { endpoint?: string | undefined; region?: string }) =>
  new DynamoDBStreamsClient({
    region: options.region ?? 'eu-west-2',
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
