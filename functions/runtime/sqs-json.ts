// Sends a message as JSON to one SQS queue: the payout queue (runs and continuations) and the notification queue.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export const sqsJsonSender =
  <T>(sqs: SQSClient, queueUrl: string) =>
  async (message: T): Promise<void> => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  };
