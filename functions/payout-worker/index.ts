// Lambda entry for the payout worker (SQS). Interim: fails every message so it stays on the queue
// (and reaches the dead-letter queue) until paying runs lands with the payouts work.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
});
