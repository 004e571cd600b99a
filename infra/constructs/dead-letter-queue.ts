// Queues with the house settings: SQS-managed encryption, TLS only; a dead-letter queue keeps 14 days, a work queue redrives to one.
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Receives before a message moves to its dead-letter queue and the queue's alarm fires. */
export const MAX_RECEIVE_COUNT = 5;

/** `reason` says why this queue, the end of the line, has no redrive policy of its own. */
export const deadLetterQueue = (scope: Construct, id: string, reason: string): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
  return queue;
};

export interface WorkQueueProps {
  /** The consumer's timeout; the queue hides a message for six times as long, as AWS recommends. */
  readonly consumerTimeout: Duration;
  readonly retentionPeriod: Duration;
  readonly deadLetterQueue: Queue;
}

/** A queue a Lambda drains, moving a message to `deadLetterQueue` after MAX_RECEIVE_COUNT receives. */
export const workQueue = (scope: Construct, id: string, props: WorkQueueProps): Queue =>
  new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
    retentionPeriod: props.retentionPeriod,
    deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
  });
